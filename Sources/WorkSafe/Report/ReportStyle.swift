/// The report's stylesheet: an A4 print layout, a font stack that declares CJK fonts, and
/// compact tables. Kept free of `<` and `&` so that it is valid XML character data.
enum ReportStyle {
    /// The font stack: CJK fonts first (Noto/Source Han on Linux, WenQuanYi, Microsoft YaHei on
    /// Windows), then the generic sans-serif.
    static let fontStack = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"Microsoft YaHei\", sans-serif"

    static let css = """
    @page { size: A4; margin: 14mm 12mm 16mm 12mm; }
    html { font-family: \(fontStack); color: #222222; background: #ffffff; }
    body { margin: 0 auto; max-width: 200mm; padding: 10mm 8mm; font-size: 10.5pt; line-height: 1.5; }
    header { border-bottom: 2.5pt solid #b00020; margin-bottom: 6mm; padding-bottom: 2mm; }
    h1 { font-size: 19pt; margin: 0 0 1mm 0; line-height: 1.3; }
    h2 { font-size: 13.5pt; margin: 7mm 0 2.5mm 0; padding-bottom: 1mm; border-bottom: 0.8pt solid #cccccc; break-after: avoid; page-break-after: avoid; }
    p { margin: 0 0 2.5mm 0; }
    p.meta { color: #555555; font-size: 9.5pt; margin: 0; }
    p.note, p.no-data { color: #666666; font-style: italic; }
    figure { margin: 0 0 5mm 0; break-inside: avoid; page-break-inside: avoid; }
    svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
    svg.chart text { font-family: \(fontStack); }
    table { border-collapse: collapse; width: 100%; font-size: 7.6pt; line-height: 1.3; margin: 0 0 5mm 0; }
    caption { caption-side: top; text-align: left; font-weight: bold; font-size: 10pt; padding: 0 0 1.5mm 0; }
    th, td { border: 0.5pt solid #9a9a9a; padding: 1.2pt 2pt; vertical-align: top; }
    th { background: #eef1f6; font-weight: bold; text-align: center; font-size: 7.2pt; overflow-wrap: break-word; }
    td.nowrap { white-space: nowrap; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.neg { color: #c92a2a; }
    td.empty { text-align: center; color: #999999; }
    tbody tr:nth-child(even) { background: #fafafa; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    footer { margin-top: 8mm; color: #777777; font-size: 8.5pt; border-top: 0.5pt solid #cccccc; padding-top: 2mm; }
    @media print {
      body { max-width: none; padding: 0; }
      section.break-before { break-before: page; page-break-before: always; }
      tbody tr:nth-child(even) { background: transparent; }
    }
    """
}
