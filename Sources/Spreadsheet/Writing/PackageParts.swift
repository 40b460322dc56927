/// The XML of an .xlsx package's parts other than the worksheets (ECMA-376 Part 1 and Part 2,
/// Open Packaging Conventions), and the head and tail of each worksheet around its rows.
enum PackageParts {
    static let declaration: StaticString = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// `text` with `& < > "` escaped, for attribute values and character data.
    static func escaped(_ text: String) -> String {
        var out = XMLBytes(capacity: text.utf8.count + 16)
        defer { out.free() }
        out.append(escaped: text)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    static func xml(_ body: String) -> [UInt8] {
        Array(("\(declaration)" + body).utf8)
    }

    /// `[Content_Types].xml` for `sheets` worksheets.
    static func contentTypes(sheets: Int) -> [UInt8] {
        let office = "application/vnd.openxmlformats-officedocument"
        var s = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/docProps/app.xml\" ContentType=\"\(office).extended-properties+xml\"/>"
            + "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(office).spreadsheetml.styles+xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(office).spreadsheetml.sheet.main+xml\"/>"
        for k in 1...max(sheets, 1) {
            s += "<Override PartName=\"/xl/worksheets/sheet\(k).xml\" ContentType=\"\(office).spreadsheetml.worksheet+xml\"/>"
        }
        return xml(s + "</Types>")
    }

    /// `_rels/.rels`: the workbook and the document properties.
    static func rootRelationships() -> [UInt8] {
        xml("<Relationships xmlns=\"\(packageRelationships)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(relationshipNamespace)/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>")
    }

    /// `docProps/core.xml`: created and modified at `created` (W3CDTF, `2000-01-01T00:00:00Z`).
    static func coreProperties(created: String) -> [UInt8] {
        xml("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(created)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(created)</dcterms:modified></cp:coreProperties>")
    }

    /// `docProps/app.xml`: the sheet names.
    static func appProperties(sheetNames: [String]) -> [UInt8] {
        let names = sheetNames.map { "<vt:lpstr>\(escaped($0))</vt:lpstr>" }.joined()
        return xml("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
            + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
            + "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            + "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
            + "<vt:variant><vt:i4>\(sheetNames.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
            + "<TitlesOfParts><vt:vector size=\"\(sheetNames.count)\" baseType=\"lpstr\">\(names)</vt:vector></TitlesOfParts>"
            + "<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            + "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>")
    }

    /// `xl/workbook.xml`: the sheets, and for each sheet with an autofilter (`filters[k]`, an
    /// absolute range such as `$A$1:$E$11`) its hidden `_xlnm._FilterDatabase` name, which Excel
    /// expects beside every autofilter.
    static func workbook(sheetNames: [String], filters: [String?]) -> [UInt8] {
        var s = "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
            + "<fileVersion appName=\"xl\" lastEdited=\"4\" lowestEdited=\"4\" rupBuild=\"4505\"/><workbookPr/>"
            + "<bookViews><workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>"
        for (k, name) in sheetNames.enumerated() {
            s += "<sheet name=\"\(escaped(name))\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>"
        }
        s += "</sheets>"
        if filters.contains(where: { $0 != nil }) {
            s += "<definedNames>"
            for (k, range) in filters.enumerated() {
                guard let range else { continue }
                let quoted = "'" + sheetNames[k].replacingOccurrences(of: "'", with: "''") + "'"
                s += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(k)\" hidden=\"1\">\(escaped(quoted))!\(range)</definedName>"
            }
            s += "</definedNames>"
        }
        return xml(s + "<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>")
    }

    /// `xl/_rels/workbook.xml.rels`: the worksheets, then the styles.
    static func workbookRelationships(sheets: Int) -> [UInt8] {
        var s = "<Relationships xmlns=\"\(packageRelationships)\">"
        for k in 1...sheets {
            s += "<Relationship Id=\"rId\(k)\" Type=\"\(relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\(k).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
        return xml(s + "</Relationships>")
    }

    /// `xl/styles.xml`, the cell formats of `CellStyle` in order: general; the header (bold,
    /// thin bottom border, wrapped, top aligned); text `@`; date `yyyy-mm-dd`; integer `0`;
    /// then `0.0` … `0.000000000000000` (1 to 15 decimals).
    static func styles() -> [UInt8] {
        let formats = ["@", "yyyy-mm-dd", "0"] + (1...CellStyle.maximumPlaces).map { "0." + String(repeating: "0", count: $0) }
        var s = "<styleSheet xmlns=\"\(mainNamespace)\"><numFmts count=\"\(formats.count)\">"
        for (k, code) in formats.enumerated() { s += "<numFmt numFmtId=\"\(164 + k)\" formatCode=\"\(code)\"/>" }
        s += "</numFmts><fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
            + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
            + "<border><left/><right/><top/><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"\(2 + formats.count)\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\" applyAlignment=\"1\">"
            + "<alignment vertical=\"top\" wrapText=\"1\"/></xf>"
        for k in formats.indices {
            s += "<xf numFmtId=\"\(164 + k)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        }
        s += "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>"
        return xml(s)
    }

    /// A worksheet's XML before its rows: the used range, the view (the header row frozen when
    /// there are columns; the first sheet selected), the column widths and formats, and
    /// `<sheetData>`.
    static func sheetHead(range: String, selected: Bool, frozen: Bool, widths: [Int], textColumns: [Bool]) -> [UInt8] {
        var s = "<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\"><dimension ref=\"\(range)\"/>"
            + "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\""
        s += frozen ? "><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView>" : "/>"
        s += "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        if !widths.isEmpty {
            s += "<cols>"
            for (j, w) in widths.enumerated() {
                s += "<col min=\"\(j + 1)\" max=\"\(j + 1)\" width=\"\(columnWidth(w))\"\(textColumns[j] ? " style=\"\(CellStyle.text)\"" : "") customWidth=\"1\"/>"
            }
            s += "</cols>"
        }
        return xml(s + "<sheetData>")
    }

    /// A worksheet's XML after its rows: the autofilter over `filter` (if any) and the margins.
    static func sheetTail(filter: String?) -> [UInt8] {
        Array(("</sheetData>" + (filter.map { "<autoFilter ref=\"\($0)\"/>" } ?? "")
            + "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>").utf8)
    }

    /// The stored width of a column `characters` digits wide, as Excel stores it: the pixel
    /// width of that many 7-pixel digits plus 5 pixels of padding, over 7, truncated to 1/256.
    static func columnWidth(_ characters: Int) -> String {
        let units = ((characters * 7 + 5) * 256) / 7
        return String(Double(units) / 256)
    }
}
