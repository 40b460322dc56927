#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import Tabular

/// `OutputPath`: what a path names once links are followed, and how it is written — a file
/// replaced atomically through its links, a FIFO or device streamed to, anything else refused.
@Suite struct OutputPathTests {
    func write(_ text: String, to path: String) throws {
        let sink = try OutputPath(path).open()
        try Array(text.utf8).withUnsafeBytes { try sink.write($0) }
        try sink.finishWriting()
        try sink.commit()
    }

    @Test func kindsOfPaths() throws {
        let folder = try temporaryFolder()
        #expect(try OutputPath(folder.appendingPathComponent("new.csv").path).kind == .absent)
        #expect(try OutputPath(folder.path).kind == .directory)
        #expect(try OutputPath("/dev/null").kind == .characterDevice)
        #expect(try OutputPath("/dev/stdout").kind == .descriptor)
        #expect(try OutputPath("/dev/fd/1").kind == .descriptor)
        #expect(try OutputPath("/proc/self/fd/2").kind == .descriptor)
        #expect(try !OutputPath(folder.path).isWritable)
        #expect(try OutputPath("/dev/null").isStream)
    }

    @Test func writingThroughAChainOfLinksReplacesTheFinalTarget() throws {
        let folder = try temporaryFolder()
        let sub = folder.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
        try Data("old".utf8).write(to: sub.appendingPathComponent("t.csv"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("a").path, withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("b").path, withDestinationPath: "sub/t.csv")
        let output = try OutputPath(folder.appendingPathComponent("a").path)
        #expect(output.kind == .regularFile)
        #expect(output.target.hasSuffix("sub/t.csv"))
        try write("new", to: folder.appendingPathComponent("a").path)
        #expect(try String(contentsOf: sub.appendingPathComponent("t.csv"), encoding: .utf8) == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("a").path) == "b")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sub.path) == ["t.csv"])
    }

    @Test func aLoopOfLinksThrows() throws {
        let folder = try temporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("a").path, withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("b").path, withDestinationPath: "a")
        #expect(throws: TabularIOError.self) { _ = try OutputPath(folder.appendingPathComponent("a").path) }
    }

    @Test func devNullIsStreamedAndStaysADevice() throws {
        try write("nothing to see\n", to: "/dev/null")
        var st = stat()
        #expect(lstat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        // The atomic writer alone refuses it rather than replace it.
        #expect(throws: TabularIOError.self) { _ = try AtomicFile(url: URL(fileURLWithPath: "/dev/null")) }
    }

    @Test func aDirectoryIsRefusedByOpen() throws {
        let folder = try temporaryFolder()
        #expect(throws: TabularIOError.self) { _ = try OutputPath(folder.path).open() }
    }

    @Test func canonicalTargetsOfTwoSpellingsAgree() throws {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("alias").path, withDestinationPath: "sub")
        let a = try OutputPath(folder.path + "/sub/x.csv")
        let b = try OutputPath(folder.path + "/./alias/../sub/x.csv")
        let c = try OutputPath(folder.path + "/alias/x.csv")
        #expect(a.canonicalTarget == b.canonicalTarget)
        #expect(a.canonicalTarget == c.canonicalTarget)
    }
}
