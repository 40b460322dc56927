// The machine's memory bandwidth, measured in the same run as the workloads: a STREAM-like
// triad a[i] = b[i] + s·c[i] over arrays far larger than the caches, split between 2 threads.
// GB/s = 24 bytes · n / median seconds (STREAM's convention: two 8-byte loads and one 8-byte
// store per element, write-allocate traffic not counted), computed by tools/report.py.
// The other limit, peak dgemm GFLOP/s, is the direct cblas_dgemm in Benchmarks/Gemm.

import Benchmark
import BenchmarkSupport
import Dispatch

let benchmarks: @Sendable () -> Void = {
    Benchmark("limits.triad", configuration: BenchMode.configuration(warmup: 2, iterations: 20, seconds: 20)) {
        benchmark, arrays in
        benchmark.startMeasurement()
        arrays.triad(scalar: 3.0, threads: BenchMode.threads)
        benchmark.stopMeasurement()
        blackHole(arrays.a[arrays.count / 2])
    } setup: {
        try TriadArrays(count: BenchData.load().section("stream").int("n"))
    }
}

/// Three arrays of `count` doubles, owned for the benchmark's lifetime.
final class TriadArrays: @unchecked Sendable {
    let count: Int
    let a: UnsafeMutablePointer<Double>
    let b: UnsafeMutablePointer<Double>
    let c: UnsafeMutablePointer<Double>

    init(count: Int) {
        self.count = count
        a = .allocate(capacity: count)
        b = .allocate(capacity: count)
        c = .allocate(capacity: count)
        a.initialize(repeating: 0, count: count)
        b.initialize(repeating: 1, count: count)
        c.initialize(repeating: 2, count: count)
    }

    deinit {
        a.deallocate()
        b.deallocate()
        c.deallocate()
    }

    /// a[i] = b[i] + scalar·c[i], the index range split into `threads` contiguous chunks.
    func triad(scalar: Double, threads: Int) {
        let chunk = (count + threads - 1) / threads
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let start = t * chunk, end = min(count, start + chunk)
            var i = start
            while i < end {
                a[i] = b[i] + scalar * c[i]
                i &+= 1
            }
        }
    }
}
