// Issue #2's claim: a gemm through the Swift wrapper reaches at least 95% of the GFLOP/s of a
// direct cblas_dgemm call at n = 2000. Both calls run on the same A and B buffers (the matrices'
// storage arrays, shared copy-on-write), OpenBLAS pinned to 2 threads. The direct call is also the
// run's measured peak dgemm GFLOP/s, the limit the other rows' fraction_of_limit refers to.
// GFLOP/s = 2·n³ / median seconds, computed by tools/report.py from the manifest's n.

import Benchmark
import BenchmarkSupport
import CBLASDirect
import Linalg

let benchmarks: @Sendable () -> Void = {
    OpenBLAS.threadCount = BenchMode.threads
    let configuration = BenchMode.configuration(warmup: 2, iterations: 15, seconds: 30)

    Benchmark("gemm.wrapper", configuration: configuration) { benchmark, inputs in
        var c = Matrix(rows: inputs.n, columns: inputs.n)
        benchmark.startMeasurement()
        try Matrix.multiply(inputs.a, .none, inputs.b, .none, into: &c)
        benchmark.stopMeasurement()
        blackHole(c)
    } setup: {
        try GemmWorkload.load()
    }

    Benchmark("gemm.direct", configuration: configuration) { benchmark, inputs in
        let n = Int32(inputs.n)
        let a = inputs.a.elements, b = inputs.b.elements  // the matrices' own buffers (no copy)
        var c = [Double](repeating: 0, count: inputs.n * inputs.n)
        benchmark.startMeasurement()
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n,
                                1, pa.baseAddress, n, pb.baseAddress, n, 0, pc.baseAddress, n)
                }
            }
        }
        benchmark.stopMeasurement()
        blackHole(c)
    } setup: {
        try GemmWorkload.load()
    }
}
