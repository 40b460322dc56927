import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two pieces of work side by side on two threads (the ledger reader's files, the grader's halves).
enum SideBySide {
    /// The number of online processors (at least 1).
    static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Runs `first` and `second` at the same time and returns when both have finished. The
    /// caller guarantees that they share nothing they write.
    static func both(_ first: () -> Void, _ second: () -> Void) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let box = UncheckedBox((first, second))
                DispatchQueue.concurrentPerform(iterations: 2) { i in
                    if i == 0 { box.value.0() } else { box.value.1() }
                }
            }
        }
    }
}

/// Carries closures into Dispatch's `@Sendable` closure when the caller guarantees race freedom.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
