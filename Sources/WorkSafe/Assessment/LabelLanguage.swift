/// The language of headers and labels in tables and reports (`--lang en|zh`).
///
/// English headers are snake_case column names meant for pandas and scripts; Chinese headers
/// and labels are ready for a printed bulletin (通报).
public enum LabelLanguage: String, CaseIterable, Sendable, Codable {
    /// English snake_case headers, English labels (`yes`/`no`).
    case en
    /// Chinese headers and labels (`是`/`否`).
    case zh

    /// `english` or `chinese`, whichever this language is.
    public func pick(_ english: String, _ chinese: String) -> String {
        self == .en ? english : chinese
    }

    /// `yes`/`no` or `是`/`否`.
    public func yesNo(_ flag: Bool) -> String {
        flag ? pick("yes", "是") : pick("no", "否")
    }
}
