import ArgumentParser

extension OutputOptions {
    /// Sets the language of stderr messages from `--lang` (ArgumentParser validates every
    /// option group before `run()`, so the messages of a whole command follow the flag).
    /// An `--output` whose extension names a spreadsheet format worksafe does not write is a
    /// usage error, found before any work is done.
    mutating func validate() throws {
        Messages.language = lang
        if let output, output != "-" { _ = try OutputFormat.of(output) }
    }
}
