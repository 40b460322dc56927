/// The language of output headers and labels: English snake_case (default) or Chinese.
public enum Language: String, CaseIterable, Sendable {
    case en, zh

    /// `english` or `chinese` depending on the language.
    public func pick(_ english: String, _ chinese: String) -> String { self == .en ? english : chinese }
}
