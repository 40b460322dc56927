/// The worksafe toolkit's version, printed by `worksafe --version`.
public enum WorkSafeVersion {
    /// Semantic version of this build.
    public static let string = "0.1.0"
}
