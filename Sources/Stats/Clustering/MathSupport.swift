#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// libm under unambiguous names for the clustering code, which does not import Foundation.
@inline(__always) func naturalLogarithm(_ x: Double) -> Double { log(x) }
