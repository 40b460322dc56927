#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// libm entry points under unambiguous names, so files need not import Foundation.
@inline(__always) func naturalLog(_ x: Double) -> Double { log(x) }
@inline(__always) func squareRoot(_ x: Double) -> Double { sqrt(x) }
