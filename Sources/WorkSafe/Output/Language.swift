/// The language of output headers and labels (`--lang en|zh`): English snake_case column names
/// meant for pandas and scripts (the default), or Chinese headers and labels ready for a printed
/// bulletin (通报). One type for every table, CSV and report of worksafe.
public enum Language: String, CaseIterable, Sendable, Codable {
    /// English snake_case headers, English labels (`yes`/`no`).
    case en
    /// Chinese headers and labels (`是`/`否`).
    case zh

    /// `english` or `chinese`, whichever this language is.
    public func pick(_ english: String, _ chinese: String) -> String { self == .en ? english : chinese }

    /// `yes`/`no` or `是`/`否`.
    public func yesNo(_ flag: Bool) -> String { flag ? pick("yes", "是") : pick("no", "否") }
}
