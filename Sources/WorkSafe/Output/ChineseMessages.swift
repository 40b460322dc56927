import Foundation

/// The Chinese wording of worksafe's messages to people: validation findings and reasons,
/// data errors and the summaries on standard error.
///
/// Messages are composed in English where they are found (the validation code reads best with
/// one wording); this catalog gives each English template its Chinese one, the way a gettext
/// catalog does, matched against the finished message: `{0}`, `{1}`… stand for the values
/// (quoted text, numbers, dates, column names), which are carried over unchanged. A message
/// without a template stays English — `ChineseMessagesTests` runs every rule of the dirty
/// simulated town and fails on any finding left untranslated, so a new message cannot slip
/// through without its Chinese.
public enum ChineseMessages {
    /// English template → Chinese template, most specific first.
    static let catalog: [(String, String)] = [
        // Ids
        ("the id is empty", "统一社会信用代码为空"),
        ("id \"{0}\" is a number in scientific notation (Excel stored the code as a number); the code is lost — re-export with the column formatted as text",
         "代码“{0}”是科学计数法数字（Excel 把代码存成了数字），原代码已丢失——请把该列设为文本格式后重新导出"),
        ("id \"{0}\" may have been stored as a number by Excel (only 15 digits survive)",
         "代码“{0}”可能被 Excel 存成了数字（只保留 15 位）"),
        ("{0}: character {1} '{2}' is not allowed in a 统一社会信用代码", "{0}：第 {1} 位字符“{2}”不允许出现在统一社会信用代码中"),
        ("{0}: check character is '{1}', GB 32100-2015 gives '{2}'", "{0}：校验码为“{1}”，按 GB 32100-2015 应为“{2}”"),
        ("{0} already appears on line {1} (after normalisation)", "{0} 已在第 {1} 行出现（规范化后）"),
        ("{0} is not in {1}", "{0} 不在 {1} 中"),
        ("its enterprise ({0} line {1}) was rejected", "其企业（{0} 第 {1} 行）未通过校验"),
        // Categories
        ("size \"{0}\" is not large/medium/small/micro (大型/中型/小型/微型)", "企业规模“{0}”不是大型/中型/小型/微型（large/medium/small/micro）之一"),
        ("benchmark \"{0}\" is not yes/no (是/否, 1/0, true/false)", "标杆“{0}”不是是/否（1/0、true/false）"),
        ("status \"{0}\" is not one of {1}", "状态“{0}”不是以下之一：{1}"),
        ("method \"{0}\" is not lec or ls", "评价方法“{0}”不是 LEC 或 LS"),
        ("an LS risk point needs an s column", "LS 风险点需要严重性（s）列"),
        ("an LEC risk point needs e and c columns", "LEC 风险点需要暴露频率（e）和后果（c）列"),
        // Dates and periods
        ("closed on {0}, on or before it opened ({1})", "注销日期 {0} 不晚于纳入日期（{1}）"),
        ("status dated {0}, before the enterprise entered the campaign on {1}", "状态日期 {0} 早于企业纳入日期 {1}"),
        ("status dated {0}, after the enterprise closed on {1}: it counts nowhere, since a closed enterprise is in no share",
         "状态日期 {0} 晚于企业注销日期 {1}：注销企业不计入任何完成率，该状态不起作用"),
        ("period \"{0}\" is not a quarter such as 2024Q3", "期间“{0}”不是季度（如 2024Q3）"),
        ("period {0} has not started (today is {1})", "期间 {0} 尚未开始（今天是 {1}）"),
        ("{0} is in the future (today is {1})", "{0} 晚于今天（{1}）"),
        ("\"{0}\" is not a real day", "“{0}”不是真实存在的日期"),
        ("\"{0}\" is implausibly early", "“{0}”过早，不合理"),
        ("\"{0}\" looks like an Excel date serial number ({1}); format the column as a date (YYYY-MM-DD)",
         "“{0}”像是 Excel 日期序列号（{1}）；请把该列设为日期格式（YYYY-MM-DD）"),
        ("\"{0}\" is not a date (expected YYYY-MM-DD)", "“{0}”不是日期（应为 YYYY-MM-DD）"),
        // Counts
        ("{0} major hazards rectified but only {1} found", "重大隐患已整改 {0} 项，但只发现 {1} 项"),
        ("{0} hazards rectified but only {1} found", "已整改隐患 {0} 项，但只发现 {1} 项"),
        ("{0} death(s) and {1} injury(ies) without an accident", "死亡 {0} 人、受伤 {1} 人，但没有事故记录"),
        ("{0} already has a {1} row on line {2}", "{0} 在第 {2} 行已有 {1} 的记录"),
        // Shape and cells
        ("row has {0} field(s), the header has {1}", "本行有 {0} 个字段，表头有 {1} 个"),
        ("{0} \"{1}\" is not a finite number", "{0}“{1}”不是有限数"),
        ("{0} \"{1}\" is not a whole number", "{0}“{1}”不是整数"),
        ("{0} \"{1}\" is not a number", "{0}“{1}”不是数字"),
        ("{0} {1} is outside {2}", "{0} {1} 超出范围 {2}"),
        ("{0} {1} is negative", "{0} {1} 为负数"),
        ("{0} is empty", "{0}为空"),
        // Progress tables
        ("completed and total go together", "已完成数与总数须同时填写"),
        ("total is 0", "总数为 0"),
        ("{0} completed out of {1}", "已完成 {0}，超过总数 {1}"),
        ("neither completed/total nor share_percent is given", "既没有已完成数/总数，也没有完成率"),
        ("{0} already has a row for {1} on line {2}", "{0} 在第 {2} 行已有 {1} 的记录"),
        ("progress needs completed and total columns, or share_percent", "进度表需要已完成数和总数两列，或完成率列"),
        // Notes of the trend tables
        ("no enterprises open in this group on this date", "该日期本组没有在册企业"),
        ("no status recorded in the ledger by this date: every open enterprise counts as not completed", "到该日期台账中尚无状态记录：在册企业均按未完成计"),
        ("partial period up to the as-of date", "截至日期前的不完整期"),
        ("before the unit's first report", "早于该单位首次报告"),
        ("reported as a share only: counts, interval and changes unknown", "只报告了完成率：企业数、区间和变化未知"),
        ("pace from the net change of completed counts (aggregate input)", "进度按已完成数的净变化计算（汇总数据）"),
        ("pace unknown: no counted report at the start of the pace window", "进度未知：进度窗口开始时没有计数报告"),
        ("changes unknown at the unit's first report", "该单位首次报告时变化未知"),
        ("carried forward from the report of {0}", "沿用 {0} 的报告"),
        ("all open enterprises completed", "在册企业全部完成"),
        ("too few periods with a share to fit a {0} curve: {1}, need more than {2}", "有完成率的期数太少，无法拟合 {0} 曲线：{1} 期，需多于 {2} 期"),
        ("ceiling held at its 100% bound (no standard error)", "上限取边界值 100%（无标准误）"),
        ("a parameter ended on its bound (no standard error)", "有参数落在边界上（无标准误）"),
        ("did not converge within the iteration limit", "在迭代上限内未收敛"),
        ("{0} fit impossible: {1}", "{0} 曲线无法拟合：{1}"),
        ("{0} fit failed: {1}", "{0} 曲线拟合失败：{1}"),
        ("no fit for this unit", "本单位无拟合"),
        ("{0} benchmark(s) open and completed on the deadline", "截止日有 {0} 家标杆企业在册且已完成"),
        ("no benchmark enterprise flagged in this industry", "本行业没有标注标杆企业"),
        ("{0} benchmark(s) flagged, none open and completed on the deadline", "标注了 {0} 家标杆企业，截止日无一在册且已完成"),
        ("deadline {0} is after the as-of date {1}; counts as of {2}", "截止日期 {0} 晚于截至日期 {1}；按 {2} 计数"),
        ("no enterprises in this group on or before the as-of date", "截至日期前本组没有企业"),
        ("no completion yet: every enterprise is censored", "尚无完成：全部删失"),
        ("median not reached: fewer than half completed by the end of follow-up", "未达到中位数：随访结束时完成不足一半"),
        ("median's upper confidence limit not reached", "中位数的置信上限未达到"),
        // Data errors and summaries (standard error)
        ("the data has {0} error(s); fix them or run with --skip-invalid to leave those rows out",
         "数据有 {0} 处错误；请改正，或加 --skip-invalid 跳过这些行"),
        ("{0}: no {1} in this folder", "{0}：此文件夹中没有 {1}"),
        ("{0}: no such folder (--data names the folder that holds enterprises.csv and status.csv)",
         "{0}：文件夹不存在（--data 应为存放 enterprises.csv 和 status.csv 的文件夹）"),
        ("{0}: is a file, not a folder (--data names the folder that holds enterprises.csv and status.csv)",
         "{0}：是文件而不是文件夹（--data 应为存放 enterprises.csv 和 status.csv 的文件夹）"),
        ("{0}: is a folder, not a progress table", "{0}：是文件夹而不是进度表"),
        ("{0}: no such folder", "{0}：文件夹不存在"),
        ("{0}: no such file", "{0}：文件不存在"),
        ("{0} error(s), {1} warning(s); {2} enterprise(s), {3} status event(s), {4} risk row(s), {5} risk point(s) accepted",
         "错误 {0} 处，警告 {1} 处；接受企业 {2} 家、状态记录 {3} 条、风险记录 {4} 条、风险点 {5} 个"),
        ("{0} error(s), {1} warning(s); {2} record(s) accepted", "错误 {0} 处，警告 {1} 处；接受记录 {2} 条"),
        ("{0} warning(s) in the data; `worksafe validate` lists them", "数据中有 {0} 处警告；`worksafe validate` 可列出"),
        ("left out {0} invalid row(s); see {1}", "已跳过 {0} 行无效数据；见 {1}"),
        ("… and {0} more; `worksafe validate --output findings.csv` lists them all", "……另有 {0} 处；`worksafe validate --output findings.csv` 可全部列出"),
        ("the {0} table is in more than one place: {1}; keep one", "{0} 表出现在多处：{1}；请只保留一处"),
        ("no milestone after the as-of date: nothing to forecast", "截至日期之后没有节点，无需预测"),
        ("missing required column \"{0}\" (accepted names: {1})", "缺少必需的列“{0}”（可用列名：{1}）"),
        ("the file is empty (expected a header with {0})", "文件为空（应有表头：{0}）"),
        ("columns {0} both mean \"{1}\"", "列 {0} 都表示“{1}”"),
        ("not a number in column \"{0}\": \"{1}\"", "“{0}”列不是数字：“{1}”"),
        ("not an .xlsx file (no ZIP archive inside)", "不是 .xlsx 文件（其中没有 ZIP 压缩包）"),
        ("report as of {0}: bulletin {1}, no annual assessment → {2}", "报告截至 {0}：季度通报 {1}，无年度考评 → {2}"),
        ("report as of {0}: bulletin {1}, annual {2} → {3}", "报告截至 {0}：季度通报 {1}，年度考评 {2} → {3}"),
        // Outputs, sizes and periods (issue 19)
        ("{0} needs a file name, got an empty one", "{0} 需要文件名，但给出的是空字符串"),
        ("{0} {1} is the input file {2} ({3}); writing it would destroy the input: choose another output path",
         "{0} {1} 就是输入文件 {2}（{3}）；写入会毁掉输入数据：请换一个输出路径"),
        ("{0} {1} and {2} {3} both write to standard output; give them different files",
         "{0} {1} 与 {2} {3} 都写到标准输出；请分别指定不同的文件"),
        ("{0} {1} and {2} {3} both write to the same file; give them different files",
         "{0} {1} 与 {2} {3} 写到同一个文件；请分别指定不同的文件"),
        ("{0} {1} is a directory; an output must be a file, a named pipe or a character device such as /dev/null",
         "{0} {1} 是文件夹；输出必须是文件、命名管道或字符设备（如 /dev/null）"),
        ("{0} {1} is a socket; an output must be a file, a named pipe or a character device such as /dev/null",
         "{0} {1} 是套接字；输出必须是文件、命名管道或字符设备（如 /dev/null）"),
        ("{0} {1} is a block device; an output must be a file, a named pipe or a character device such as /dev/null",
         "{0} {1} 是块设备；输出必须是文件、命名管道或字符设备（如 /dev/null）"),
        ("{0} {1} is a {2}; an output must be a file, a named pipe or a character device such as /dev/null",
         "{0} {1} 是{2}；输出必须是文件、命名管道或字符设备（如 /dev/null）"),
        ("{0} needs about {1} of memory, but {2} is available on this machine: use fewer {3}",
         "{0} 约需 {1} 内存，而本机只有 {2} 可用：请减少 {3}"),
        ("{0} needs about {1} of memory, but {2} is available on this machine: use a smaller {3}",
         "{0} 约需 {1} 内存，而本机只有 {2} 可用：请减小 {3}"),
        ("{0} enterprises need about {1} of disk, but {2} is free where --out {3} is: use fewer --enterprises or another folder",
         "{0} 家企业约需 {1} 磁盘空间，而 --out {3} 所在位置只剩 {2}：请减少 --enterprises 或换一个文件夹"),
        ("--out {0} is a file; --out names the folder to write the ledger into (created if needed)",
         "--out {0} 是文件；--out 应为写入台账的文件夹（不存在则新建）"),
        ("{0}: cannot create the folder: {1}", "{0}：无法创建文件夹：{1}"),
        ("{0} ends before the campaign starts on {1}: there is nothing to assess; periods that can be assessed: {2}",
         "{0} 早于提升行动开始（{1}），没有可考评的内容；可考评的期间：{2}"),
        ("{0} ends before the campaign starts on {1}: there is nothing to assess",
         "{0} 早于提升行动开始（{1}），没有可考评的内容"),
        ("{0} starts after the last day the data record anything ({1}): there is no data to assess; periods that can be assessed: {2}",
         "{0} 晚于台账最后记录日（{1}），没有可考评的数据；可考评的期间：{2}"),
        ("{0} starts after the last day the data record anything ({1}): there is no data to assess",
         "{0} 晚于台账最后记录日（{1}），没有可考评的数据"),
        ("invalid assessment rules: points this large make a total overflow (base_points, the bonus and deduction caps, minimum_total and award_minimum_total add up to {0}); use points of a sensible size",
         "考评规则无效：分值过大，总分会溢出（base_points、加分与扣分上限、minimum_total 与 award_minimum_total 合计 {0}）；请使用合理的分值"),
        ("{0} enterprise(s) not open in {1} (opened after it or closed before it) are not graded",
         "{0} 家企业在 {1} 不在册（此后纳入或此前注销），不予分级"),
        ("forecast_probability left empty: {0}", "节点达成概率留空：{0}"),
        ("the bulletin's forecast probabilities are left empty: {0}", "季度通报的节点达成概率留空：{0}"),
        ("No forecast: no milestone falls after {0}.", "无节点预测：{0} 之后没有时间节点。"),
        ("No forecast: {0}", "无节点预测：{0}"),
        ("No backtest: no forecast from the default origins (each quarter end from the campaign start to a year before the data end) has a milestone to score",
         "无回测：默认预测起点（提升行动开始至数据截止前一年的各季末）的预测都没有可评分的时间节点"),
        ("No backtest: {0}", "无回测：{0}"),
        ("backtest origin {0} skipped: {1}", "回测起点 {0} 已跳过：{1}"),
        ("No risk levels: {0}", "无风险分级：{0}"),
        ("No risk groups: risk.csv has no row for {0}.", "无风险聚类：risk.csv 没有 {0} 的记录。"),
        ("No risk groups: {0} enterprise(s) have risk data for {1}; {2} group(s) and a map need at least {3}.",
         "无风险聚类：{1} 仅有 {0} 家企业有风险数据，分为 {2} 类并绘图至少需要 {3} 家。"),
        ("No risk groups: {0}", "无风险聚类：{0}"),
        ("No bulletin: {0}", "无季度通报：{0}"),
        ("No annual assessment: {0}", "无年度考评：{0}"),
        // worksafe plan
        ("plan: --as-of {0} is before the data (the first status is recorded on {1})",
         "plan：--as-of {0} 早于数据（最早的状态记录于 {1}）"),
        ("plan: --as-of {0} is before the data (no status is recorded)", "plan：--as-of {0} 早于数据（台账中没有状态记录）"),
        ("plan: --as-of {0} is on or after the last milestone ({1}): nothing left to plan",
         "plan：--as-of {0} 不早于最后一个节点（{1}），已无节点可规划"),
        ("plan: --as-of {0}: the campaign has no milestone", "plan：--as-of {0}：创建活动没有时间节点"),
        ("plan: --confidence must be strictly between 0 and 1, got {0}", "plan：--confidence 须大于 0 且小于 1，实为 {0}"),
        ("plan: --horizon-months must be 0 or more, got {0}", "plan：--horizon-months 须不小于 0，实为 {0}"),
        ("plan: --top must be 0 or more, got {0}", "plan：--top 须不小于 0，实为 {0}"),
        ("plan: priorities rank within a town, community or department", "plan：优先顺序只能在全镇、社区或部门内排列"),
        ("plan as of {0}: {1} unit(s) × milestone(s) → {2}", "规划截至 {0}：{1} 个单位×节点 → {2}"),
        // Usage errors of the command line (exit 64): the options' own checks…
        ("--confidence must be strictly between 0 and 1, got {0}", "--confidence 须大于 0 且小于 1，实为 {0}"),
        ("--crosstab needs the ledger's rule-based levels; it does not apply to --features",
         "--crosstab 需要台账的规则分级，不适用于 --features"),
        ("--end needs a date YYYY-MM-DD", "--end 需要日期（YYYY-MM-DD）"),
        ("--horizon-months must be 0 or more, got {0}", "--horizon-months 须不小于 0，实为 {0}"),
        ("--init fixes k; it cannot be combined with --k-range", "--init 已确定 k，不能与 --k-range 同用"),
        ("--k-range must end at most at {0}, got {1}", "--k-range 的上限至多为 {0}，实为 {1}"),
        ("--k-range needs 2 ≤ LOW ≤ HIGH, got '{0}'", "--k-range 须满足 2 ≤ 下限 ≤ 上限，实为“{0}”"),
        ("--k-range needs LOW...HIGH or LOW-HIGH, e.g. 2...8, got '{0}'", "--k-range 的格式为 下限...上限 或 下限-上限（如 2...8），实为“{0}”"),
        ("--method hazard needs a ledger folder; a progress table supports --method pool",
         "--method hazard 需要台账文件夹；进度表只支持 --method pool"),
        ("--n must be 1…20000", "--n 须在 1 到 20000 之间"),
        ("--origins must be at most {0} dates, got {1}", "--origins 至多 {0} 个日期，实为 {1} 个"),
        ("--origins: '{0}' is not a date YYYY-MM-DD", "--origins：“{0}”不是日期（YYYY-MM-DD）"),
        ("--output FILE is required (the report is an HTML file)", "须用 --output 指定文件（报告是 HTML 文件）"),
        ("--output FILE is required (the required pace per unit and milestone)", "须用 --output 指定文件（各单位、各节点所需进度）"),
        ("--period applies to the ledger, not to --features", "--period 只适用于台账，不适用于 --features"),
        ("--period needs a quarter like 2024Q3, got '{0}'", "--period 需要季度（如 2024Q3），实为“{0}”"),
        ("--quarter needs a quarter like 2024Q3, got '{0}'", "--quarter 需要季度（如 2024Q3），实为“{0}”"),
        ("--regimes simulates its own towns: give neither --data nor --progress", "--regimes 自行模拟镇街：不要同时给出 --data 或 --progress"),
        ("--seeds must be at most {0} seeds, got {1}", "--seeds 至多 {0} 个种子，实为 {1} 个"),
        ("--seeds needs distinct seeds", "--seeds 中的种子不能重复"),
        ("--seeds: '{0}' is not a seed (a whole number from 0 to {1})", "--seeds：“{0}”不是种子（0 到 {1} 之间的整数）"),
        ("--start must be before --end", "--start 须早于 --end"),
        ("--start needs a date YYYY-MM-DD", "--start 需要日期（YYYY-MM-DD）"),
        ("--today needs YYYY-MM-DD", "--today 需要日期（YYYY-MM-DD）"),
        ("--tol must be a finite number ≥ 0", "--tol 须为不小于 0 的有限数"),
        ("--top must be 0 or more, got {0}", "--top 须不小于 0，实为 {0}"),
        ("--validity-months must be positive", "--validity-months 须为正数"),
        ("--vetoes goes with --year", "--vetoes 须与 --year 同用"),
        ("--view {0} needs a ledger folder, not a progress table", "--view {0} 需要台账文件夹，不能用进度表"),
        ("--workbook needs a file name ending in .xlsx, got '{0}'", "--workbook 的文件名须以 .xlsx 结尾，实为“{0}”"),
        ("{0}: worksafe writes .xlsx workbooks or CSV, not .{1}; name the file .xlsx or .csv",
         "{0}：worksafe 只写 .xlsx 工作簿或 CSV，不写 .{1}；请把文件命名为 .xlsx 或 .csv"),
        ("give --data or --features, not both", "--data 与 --features 只能给出一个"),
        ("give --k or --k-range, not both", "--k 与 --k-range 只能给出一个"),
        ("give --quarter (e.g. 2024Q3) or --year (e.g. 2024)", "请给出 --quarter（如 2024Q3）或 --year（如 2024）"),
        ("give either --data or --progress, not both", "--data 与 --progress 只能给出一个"),
        ("give either --quarter or --year, not both", "--quarter 与 --year 只能给出一个"),
        ("milestone {0} is not after the campaign start {1}", "时间节点 {0} 不晚于提升行动开始日 {1}"),
        ("unknown encoding '{0}'; use auto, utf-8 or gb18030", "未知编码“{0}”；请用 auto、utf-8 或 gb18030"),
        ("{0} must be at least {1}, got {2}", "{0} 至少为 {1}，实为 {2}"),
        ("{0} must be at most {1}, got {2}", "{0} 至多为 {1}，实为 {2}"),
        // …and ArgumentParser's own.
        ("Missing expected argument '{0}'", "缺少必需的参数“{0}”"),
        ("Missing one of: '{0}'", "缺少以下参数之一：“{0}”"),
        ("Missing value for '{0}'", "“{0}”缺少取值"),
        ("Unknown option '{0}'. Did you mean '{1}'?", "未知选项“{0}”。是否想用“{1}”？"),
        ("Unknown option '{0}'", "未知选项“{0}”"),
        ("Unexpected argument '{0}'", "多余的参数“{0}”"),
        ("{0} unexpected arguments: '{1}'", "{0} 个多余的参数：“{1}”"),
        ("The value '{0}' is invalid for '{1}'. Please provide one of {2}.", "“{0}”不是“{1}”的有效取值，可选：{2}。"),
        ("The value '{0}' is invalid for '{1}'. Please provide one of the following:\n{2}", "“{0}”不是“{1}”的有效取值，可选：\n{2}"),
        ("The value '{0}' is invalid for '{1}': {2}", "“{0}”不是“{1}”的有效取值：{2}"),
        ("The value '{0}' is invalid for '{1}'", "“{0}”不是“{1}”的有效取值"),
    ]

    /// The catalog compiled: a regular expression per English template and the Chinese one.
    private static let compiled: [(NSRegularExpression, [Int], String)] = catalog.map { english, chinese in
        var pattern = "^"
        var order: [Int] = []
        var rest = Substring(english)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}"),
              let k = Int(rest[rest.index(after: open)..<close]) {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open])) + "(.*?)"
            order.append(k)
            rest = rest[rest.index(after: close)...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        return (try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]), order, chinese)
    }

    /// The Chinese of one English message, or `nil` when the catalog has no template for it.
    public static func translate(_ english: String) -> String? {
        let range = NSRange(english.startIndex..., in: english)
        for (regex, order, chinese) in compiled {
            guard let m = regex.firstMatch(in: english, range: range) else { continue }
            var values = [String](repeating: "", count: (order.max() ?? -1) + 1)
            for (group, k) in order.enumerated() {
                if let r = Range(m.range(at: group + 1), in: english) { values[k] = String(english[r]) }
            }
            var out = chinese
            for (k, v) in values.enumerated() { out = out.replacingOccurrences(of: "{\(k)}", with: v) }
            return out
        }
        return nil
    }

    /// `message` in `language`: the Chinese when there is a template (each `; `-separated part
    /// of a reason on its own, joined by `；`), else as it is.
    public static func text(_ message: String, _ language: Language) -> String {
        guard language == .zh else { return message }
        if let whole = translate(message) { return whole }
        let parts = message.components(separatedBy: "; ")
        guard parts.count > 1 else { return message }
        return parts.map { translate($0) ?? $0 }.joined(separator: "；")
    }
}

extension LedgerFinding {
    /// The message in `language`.
    public func message(_ language: Language) -> String { ChineseMessages.text(message, language) }

    /// `description` in `language`: in Chinese the severity and the rule's name are Chinese too
    /// (`企业台账!C17: 企业规模: 错误 [类别无效] …`).
    public func description(_ language: Language) -> String {
        guard language == .zh else { return description }
        let place = cell.isEmpty ? "\(file):\(line):" : "\(file): \(cell):"
        return "\(place)\(column.isEmpty ? "" : " \(column):") \(severity.chineseLabel) [\(rule.chineseLabel)] \(message(.zh))"
    }
}

extension LedgerRule {
    /// The rule's Chinese name (`excel_mangled_number` → `Excel数字化损坏`).
    public var chineseLabel: String {
        switch self {
        case .raggedRow: "字段数不符"
        case .missingValue: "缺少数值"
        case .invalidNumber: "数字无效"
        case .unknownCategory: "类别无效"
        case .invalidDate: "日期无效"
        case .futureDate: "日期在未来"
        case .closedBeforeOpened: "注销早于纳入"
        case .duplicateID: "代码重复"
        case .unknownEnterprise: "企业不存在"
        case .scoreOutOfRange: "数值超出范围"
        case .negativeCount: "计数为负"
        case .inconsistentCounts: "计数矛盾"
        case .invalidPeriod: "期间无效"
        case .duplicatePeriod: "期间重复"
        case .excelMangledNumber: "Excel数字化损坏"
        case .creditCodeCheck: "信用代码校验"
        case .statusBeforeOpening: "状态早于纳入"
        case .statusAfterClosing: "状态晚于注销"
        }
    }

    /// The rule's name in `language`.
    public func label(_ language: Language) -> String { language == .zh ? chineseLabel : rawValue }
}
