import Dispatch
import Linalg
import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Monte Carlo core of the completion forecast: completion months simulated from a
/// complementary log-log discrete-time hazard whose coefficients are themselves uncertain.
///
/// The model, for covariate rows `xᵢ` (n × p), coefficients `θ` (q ≥ p entries) and months
/// `t = 0 ..< months`:
///
/// - per scenario `s`, `θₛ = θ̂ + L·z`, `L` the lower Cholesky factor of the coefficient covariance
///   `Σ` and `z` q standard normal draws (parameter uncertainty; with no covariance, `θₛ = θ̂` and
///   nothing is drawn);
/// - the linear predictor `ηᵢₜ = xᵢ·βₛ + τₜ·θₛ`, `βₛ` the first p entries of `θₛ` and `τₜ` row t
///   of the time design (by default `τₜ·θ = θ[p + t]`, a free effect `γₜ` per month);
/// - the monthly hazard `hᵢₜ = 1 − exp(−fₜ·exp(ηᵢₜ))`, `fₜ` the month's exposure (1 by default;
///   a part month has less), so the cumulative hazard by the end of month t factorises:
///   `Λᵢ(t) = exp(xᵢ·βₛ)·Gₜ` with `Gₜ = Σ_{u≤t} fᵤ·exp(τᵤ·θₛ)` common to every row.
///
/// An enterprise at risk from month `t₀` therefore completes in the first month `t ≥ t₀` with
/// `Gₜ ≥ G_{t₀−1} + E·exp(−xᵢ·βₛ)`, `E ~ Exp(1)` (inversion of the survival function `exp(−Λ)`:
/// `E = −log U`; `G₋₁ = 0`), or not within the horizon (`months`). That is one exponential draw
/// (a ziggurat, no logarithm 99% of the time) and one `exp` per enterprise: the month is found by
/// an indexed search in `G` (a guide table of `max(64, 8·months)` buckets over `[0, G_last]`,
/// then a short forward scan), O(1) expected.
///
/// `run(scenarios:seed:)` counts the completion months per scenario × unit × month. Scenario s
/// draws from its own stream `SeededGenerator(seed).split(stream: s)` — first `z`, then one
/// exponential per row in row order — so the counts are identical for any thread count. The same
/// per-scenario draw and inversion serve `HazardForecast`, whose rows are covariate cells and
/// whose enterprises may restart (`t₀ > 0`) after a lapse.
///
/// - Complexity: per scenario O(q² + months·(nnz(τ) + buckets)) for the coefficients, `G` and the
///   guide table, O(n·p) flops for `X·βₛ` (register-blocked over 8 scenarios at a time, rows in
///   cache-sized chunks) and O(n) expected for the draws; O(S·n·p) in all for S scenarios, spread
///   over `threads` threads. Memory O(S·units·months) for the counts. `X·βₛ` is formed in
///   registers rather than by `dgemm`: with a few dozen covariates it costs less than the draws,
///   and each `xᵢ·βₛ` is then summed in the same order on the blocked path and on the per-row
///   path `HazardForecast` takes, so both give the same months bit for bit.
public struct CompletionSimulation: Sendable {
    /// Number of covariate rows n (one per enterprise in `run`).
    public let rowCount: Int
    /// Number of covariates p (the first p coefficients multiply them).
    public let covariateCount: Int
    /// Number of coefficients q.
    public let coefficientCount: Int
    /// Months simulated.
    public let months: Int
    /// Number of units the rows are counted in.
    public let units: Int
    /// Worker threads for `run` (the counts do not depend on it).
    public var threads: Int

    /// Covariates, n × p row-major.
    let x: [Double]
    /// θ̂ (q).
    let mean: [Double]
    /// Lower Cholesky factor of Σ, q × q row-major; nil: θ is held at θ̂ and nothing is drawn.
    let factor: [Double]?
    /// The time design τ, sparse by month: entries `timeStart[t] ..< timeStart[t + 1]` of
    /// `timeIndex`/`timeValue` (zeros left out).
    let timeStart: [Int], timeIndex: [Int], timeValue: [Double]
    /// fₜ (months).
    let exposure: [Double]
    /// Unit of each row (0 ..< units).
    let unit: [Int32]

    /// A simulation of `covariates.rows` enterprises.
    ///
    /// - Parameters:
    ///   - covariates: `xᵢ`, n × p.
    ///   - coefficientMean: `θ̂`, q entries, q ≥ p (q = p + months with the default time design).
    ///   - coefficientCovariance: `Σ`, q × q symmetric positive definite; nil holds `θ` at `θ̂`.
    ///   - unit: each row's unit, in `0 ..< units`.
    ///   - units: number of units.
    ///   - months: months simulated (≥ 1).
    ///   - timeDesign: `τ`, months × q; nil means `τₜ·θ = θ[p + t]`.
    ///   - exposure: `fₜ ≥ 0`, months entries; nil means 1 for every month.
    ///   - threads: worker threads for `run` (≥ 1).
    /// - Throws: `ForecastError.invalidConfiguration` when a size does not match or a value is
    ///   out of range; `LinalgError.notPositiveDefinite` when `Σ` cannot be factorised.
    public init(covariates: Matrix, coefficientMean: [Double], coefficientCovariance: Matrix?,
                unit: [Int], units: Int, months: Int, timeDesign: Matrix? = nil,
                exposure: [Double]? = nil, threads: Int = 2) throws {
        let q = coefficientMean.count
        if let sigma = coefficientCovariance, sigma.rows != q || sigma.columns != q {
            throw ForecastError.invalidConfiguration(
                detail: "coefficient covariance is \(sigma.rows)×\(sigma.columns), expected \(q)×\(q)")
        }
        guard unit.count == covariates.rows else {
            throw ForecastError.invalidConfiguration(
                detail: "\(unit.count) unit indices for \(covariates.rows) covariate rows")
        }
        guard units >= 1, unit.allSatisfy({ (0..<units).contains($0) }) else {
            throw ForecastError.invalidConfiguration(detail: "unit indices must lie in 0..<\(units)")
        }
        guard units <= Int(Int32.max) else {
            throw ForecastError.invalidConfiguration(detail: "too many units")
        }
        let factor = try coefficientCovariance.map { try Cholesky($0).lower.elements }
        try self.init(covariates: covariates, coefficientMean: coefficientMean, lowerFactor: factor,
                      unit: unit.map { Int32($0) }, units: units, months: months,
                      timeDesign: timeDesign, exposure: exposure, threads: threads)
    }

    /// The designated initializer: `lowerFactor` is `L` itself (row-major q × q), so a caller
    /// that could not factorise its covariance may pass zeros and still consume the same draws.
    init(covariates: Matrix, coefficientMean: [Double], lowerFactor: [Double]?, unit: [Int32],
         units: Int, months: Int, timeDesign: Matrix?, exposure: [Double]?, threads: Int) throws {
        let n = covariates.rows, p = covariates.columns, q = coefficientMean.count
        guard months >= 1 else { throw ForecastError.invalidConfiguration(detail: "months must be at least 1") }
        guard threads >= 1 else { throw ForecastError.invalidConfiguration(detail: "thread count must be at least 1") }
        guard q >= p else {
            throw ForecastError.invalidConfiguration(detail: "\(q) coefficients for \(p) covariates")
        }
        guard lowerFactor.map({ $0.count == q * q }) ?? true else {
            throw ForecastError.invalidConfiguration(detail: "Cholesky factor is not \(q)×\(q)")
        }
        guard unit.count == n else {
            throw ForecastError.invalidConfiguration(detail: "\(unit.count) unit indices for \(n) covariate rows")
        }
        guard covariates.isFinite, coefficientMean.allSatisfy(\.isFinite),
              lowerFactor?.allSatisfy(\.isFinite) ?? true else {
            throw ForecastError.invalidConfiguration(detail: "covariates and coefficients must be finite")
        }
        var start = [0], index: [Int] = [], value: [Double] = []
        if let tau = timeDesign {
            guard tau.rows == months, tau.columns == q, tau.isFinite else {
                throw ForecastError.invalidConfiguration(
                    detail: "time design is \(tau.rows)×\(tau.columns), expected \(months)×\(q), finite")
            }
            for t in 0..<months {
                for j in 0..<q where tau[t, j] != 0 { index.append(j); value.append(tau[t, j]) }
                start.append(index.count)
            }
        } else {
            guard q == p + months else {
                throw ForecastError.invalidConfiguration(
                    detail: "\(q) coefficients: the default time design needs p + months = \(p + months)")
            }
            for t in 0..<months { index.append(p + t); value.append(1); start.append(index.count) }
        }
        let f = exposure ?? [Double](repeating: 1, count: months)
        guard f.count == months, f.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw ForecastError.invalidConfiguration(detail: "exposure needs \(months) finite values ≥ 0")
        }
        rowCount = n; covariateCount = p; coefficientCount = q
        self.months = months; self.units = units; self.threads = threads
        x = covariates.elements; mean = coefficientMean; factor = lowerFactor
        timeStart = start; timeIndex = index; timeValue = value
        self.exposure = f; self.unit = unit
    }

    /// Completions counted per scenario × unit × month.
    public struct Counts: Sendable, Equatable {
        /// Number of scenarios, units and months.
        public let scenarios: Int, units: Int, months: Int
        /// `values[(scenario·units + unit)·(months + 1) + month]`; month `months` counts the
        /// enterprises that did not complete within the horizon.
        public let values: [Int32]

        /// Enterprises of `unit` completing in `month` (`months`: not within the horizon) in
        /// `scenario`.
        public subscript(scenario: Int, unit: Int, month: Int) -> Int {
            Int(values[(scenario * units + unit) * (months + 1) + month])
        }
    }

    /// Simulates `scenarios` scenarios and counts every row's completion month.
    ///
    /// - Throws: `ForecastError.invalidConfiguration` when `scenarios < 1`.
    /// - Complexity: O(S·n·p) flops and O(S·n) expected draws for S scenarios and n rows, over
    ///   `threads` threads.
    public func run(scenarios: Int, seed: UInt64) throws -> Counts {
        guard scenarios >= 1 else { throw ForecastError.invalidConfiguration(detail: "scenarios must be at least 1") }
        let width = months + 1
        let total = scenarios * units * width
        let output = UnsafeMutableBufferPointer<Int32>.allocate(capacity: total)
        output.initialize(repeating: 0)
        defer { output.deallocate() }
        let root = SeededGenerator(seed: seed)
        let group = Self.scenarioGroup
        let groups = (scenarios + group - 1) / group
        let workers = Swift.min(threads, groups)
        let sink = CountSink(output)
        // Groups are handed out in order as workers free up (a shared machine slows one core
        // more than the other); which worker runs a group does not change its counts.
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var worker = GroupWorker(model: self)
            while let g = sink.nextGroup(below: groups) {
                let first = g * group
                worker.simulate(scenarios: first..<Swift.min(scenarios, first + group), root: root,
                                into: sink.counts)
            }
        }
        return Counts(scenarios: scenarios, units: units, months: months, values: Array(output))
    }

    /// Scenarios one worker simulates together (the covariate chunk is reused from cache by
    /// all of them).
    static let scenarioGroup = 32
    /// Rows per chunk (256 rows × p doubles stay in L1/L2).
    static let rowChunk = 256
    /// Scenarios per register block of `X·B`.
    static let lanes = 8

    /// The output buffer shared by the workers, written at disjoint scenarios, and the next
    /// group to simulate.
    final class CountSink: @unchecked Sendable {
        let counts: UnsafeMutableBufferPointer<Int32>
        private var next = 0
        private let queue = DispatchQueue(label: "CompletionSimulation.groups")
        init(_ counts: UnsafeMutableBufferPointer<Int32>) { self.counts = counts }

        /// The next group index, or nil when all `groups` are taken.
        func nextGroup(below groups: Int) -> Int? {
            queue.sync {
                guard next < groups else { return nil }
                next += 1
                return next - 1
            }
        }
    }

    // MARK: - One scenario

    /// One scenario's draw: `θₛ`, the cumulative baseline hazard `G` and its guide table.
    struct Scenario {
        /// θₛ (q).
        var theta: [Double]
        /// `G₀ … G_{months−1}`, then +∞ (the sentinel that ends every scan).
        var cumulative: [Double]
        /// `guide[b]` = first t with `Gₜ·scale ≥ b`, b = 0 … buckets (a lower bound of the month
        /// of any threshold whose scaled value falls in bucket b).
        var guide: [Int32]
        /// `buckets / G_last` (0 when `G_last = 0`).
        var scale: Double = 0
        let buckets: Int
        var z: [Double]

        init(_ model: CompletionSimulation) {
            theta = model.mean
            cumulative = [Double](repeating: .infinity, count: model.months + 1)
            buckets = Swift.max(64, 8 * model.months)
            guide = [Int32](repeating: 0, count: buckets + 1)
            z = [Double](repeating: 0, count: model.coefficientCount)
        }

        /// Draws `θₛ = θ̂ + L·z` (q normals from `rng`, none without a covariance), then `G` and
        /// the guide table.
        mutating func draw(_ m: CompletionSimulation, _ rng: inout SeededGenerator) {
            let q = m.coefficientCount
            if let l = m.factor {
                for j in 0..<q { z[j] = rng.normal() }
                for i in 0..<q {
                    var v = m.mean[i]
                    for j in 0...i { v += l[i * q + j] * z[j] }
                    theta[i] = v
                }
            }
            var acc = 0.0
            for t in 0..<m.months {
                var g = 0.0
                for k in m.timeStart[t]..<m.timeStart[t + 1] { g += theta[m.timeIndex[k]] * m.timeValue[k] }
                acc += m.exposure[t] * exp(g)
                cumulative[t] = acc
            }
            let last = cumulative[m.months - 1]
            scale = last > 0 ? Double(buckets) / last : 0
            var t = 0
            for b in 0...buckets {
                while t < m.months && cumulative[t] * scale < Double(b) { t += 1 }
                guide[b] = Int32(t)
            }
        }

        /// `exp(−xᵣ·βₛ)`: the scale of row r's threshold in `G` (the inverse of its relative risk).
        func inverseRisk(row r: Int, _ m: CompletionSimulation) -> Double {
            let p = m.covariateCount
            var eta = 0.0
            for j in 0..<p { eta += m.x[r * p + j] * theta[j] }
            return CompletionSimulation.fastExp(-eta)
        }

        /// Calls `body` with the scenario's table for `completionMonth`.
        func withTable<R>(_ body: (Table) throws -> R) rethrows -> R {
            try cumulative.withUnsafeBufferPointer { g in
                try guide.withUnsafeBufferPointer { gd in
                    try body(Table(cumulative: g, guide: gd, scale: scale, buckets: buckets,
                                   months: cumulative.count - 1))
                }
            }
        }
    }

    /// A scenario's `G` and guide table, for the draws.
    struct Table {
        let cumulative: UnsafeBufferPointer<Double>
        let guide: UnsafeBufferPointer<Int32>
        let scale: Double
        let buckets: Int
        let months: Int

        let ziggurat = ExponentialZiggurat.shared

        /// The month an enterprise at risk from `t0` completes in (`months`: not within the
        /// horizon): the first `t ≥ t0` with `Gₜ ≥ G_{t0−1} + E·inverseRisk`, `E ~ Exp(1)` one
        /// ziggurat draw from `rng` (none when `t0 ≥ months`).
        @inline(__always)
        func completionMonth(inverseRisk: Double, from t0: Int, _ rng: inout SeededGenerator) -> Int {
            if t0 >= months { return months }
            return month(threshold: threshold(inverseRisk: inverseRisk, from: t0, &rng), from: t0)
        }

        /// The same with gamma frailty of variance `theta`, integrated out: an enterprise that
        /// has survived a cumulative hazard Λ (`scale = 1 + θΛ`) needs a further cumulative
        /// hazard `scale·(e^{θE} − 1)/θ`, `E ~ Exp(1)` — inversion of the marginal survival
        /// `(1 + θ·ΔΛ/scale)^{−1/θ}`; `E` itself at θ = 0.
        @inline(__always)
        func completionMonth(inverseRisk: Double, frailty theta: Double, scale: Double, from t0: Int,
                             _ rng: inout SeededGenerator) -> Int {
            if t0 >= months { return months }
            let start = t0 > 0 ? cumulative[t0 &- 1] : 0
            let e = rng.standardExponential(ziggurat)
            let x = theta > 0 ? scale * expm1(theta * e) / theta : e
            return month(threshold: start + x * inverseRisk, from: t0)
        }

        /// `G_{t0−1} + E·inverseRisk`, `E` one standard exponential draw.
        @inline(__always)
        func threshold(inverseRisk: Double, from t0: Int, _ rng: inout SeededGenerator) -> Double {
            let start = t0 > 0 ? cumulative[t0 &- 1] : 0
            return start + rng.standardExponential(ziggurat) * inverseRisk
        }

        /// The first `t ≥ t0` with `Gₜ ≥ threshold` (`months` if none): the guide table's bucket
        /// gives a lower bound, a short scan the answer.
        @inline(__always)
        func month(threshold: Double, from t0: Int) -> Int {
            let scaled = threshold * scale
            let b = scaled < Double(buckets) ? Int(scaled) : buckets
            var t = Swift.max(Int(guide[b]), t0)
            t &+= cumulative[t] < threshold ? 1 : 0     // usually enough: branch-free
            while cumulative[t] < threshold { t &+= 1 }
            return t
        }
    }

    /// `eˣ`, inlined and branch-free so that a loop over a buffer vectorises (the hot path
    /// computes one per enterprise and scenario): `x = n·ln 2 + r`, `|r| ≤ ½ ln 2` (Cody–Waite,
    /// ln 2 in two parts), `eʳ` by its Taylor polynomial of degree 12 (truncation below 2·10⁻¹⁶
    /// relative), times `2ⁿ` built in the exponent bits. Within 2 ulp of `exp`; `x` is clamped to
    /// [−708, 709] (finite, normal results). `n` is rounded by adding and subtracting 1.5·2⁵², so
    /// no rounding instruction is needed.
    @inline(__always)
    static func fastExp(_ x: Double) -> Double {
        let magic = 0x1.8p52
        let low = x < -708 ? -708 : x
        let xc = low > 709 ? 709 : low
        let k = xc * 1.4426950408889634 + magic      // n + magic, exactly
        let n = k - magic
        let r = (xc - n * 6.93147180369123816490e-01) - n * 1.90821492927058770002e-10
        var p = 1.0 / 479001600                       // 1/12!
        p = p * r + 1.0 / 39916800; p = p * r + 1.0 / 3628800; p = p * r + 1.0 / 362880
        p = p * r + 1.0 / 40320; p = p * r + 1.0 / 5040; p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120; p = p * r + 1.0 / 24; p = p * r + 1.0 / 6
        p = p * r + 0.5; p = p * r + 1; p = p * r + 1
        let bits = (k.bitPattern &- 0x4338_0000_0000_0000 &+ 1023) &<< 52
        return p * Double(bitPattern: bits)
    }

    // MARK: - Bulk counting

    /// One worker's scratch space for `run`.
    struct GroupWorker {
        let model: CompletionSimulation
        var scenarios: [Scenario] = []
        var rngs: [SeededGenerator] = []
        /// β of the group, lane-blocked: `beta[block·p + k][lane]` is `β_k` of scenario
        /// `block·lanes + lane` of the group.
        var beta: [SIMD8<Double>]
        /// `exp(−xᵢ·βₛ)` of one chunk and one block: `risk[(i − chunk start)·lanes + lane]`.
        var risk: [Double]
        /// One scenario's thresholds in `G` for one chunk.
        var thresholds: [Double]

        init(model: CompletionSimulation) {
            self.model = model
            let blocks = (CompletionSimulation.scenarioGroup + CompletionSimulation.lanes - 1) / CompletionSimulation.lanes
            beta = [SIMD8<Double>](repeating: .zero, count: blocks * model.covariateCount)
            risk = [Double](repeating: 0, count: CompletionSimulation.rowChunk * CompletionSimulation.lanes)
            thresholds = [Double](repeating: 0, count: CompletionSimulation.rowChunk)
        }

        mutating func simulate(scenarios range: Range<Int>, root: SeededGenerator,
                               into out: UnsafeMutableBufferPointer<Int32>) {
            let m = model
            let L = CompletionSimulation.lanes, C = CompletionSimulation.rowChunk
            let p = m.covariateCount, n = m.rowCount, width = m.months + 1
            let count = range.count, blocks = (count + L - 1) / L
            while scenarios.count < count { scenarios.append(Scenario(m)) }
            rngs.removeAll(keepingCapacity: true)
            for (j, s) in range.enumerated() {
                var rng = root.split(stream: UInt64(s))
                scenarios[j].draw(m, &rng)
                rngs.append(rng)
            }
            for i in beta.indices { beta[i] = .zero }
            for j in 0..<count {
                for k in 0..<p { beta[(j / L) * p + k][j % L] = scenarios[j].theta[k] }
            }
            let tables = scenarios[0..<count].map { s in (s.cumulative, s.guide, s.scale, s.buckets) }
            m.x.withUnsafeBufferPointer { x in
            m.unit.withUnsafeBufferPointer { unit in
            beta.withUnsafeBufferPointer { beta in
            risk.withUnsafeMutableBufferPointer { risk in
            thresholds.withUnsafeMutableBufferPointer { thresholds in
                var chunk = 0
                while chunk < n {
                    let rows = Swift.min(C, n - chunk)
                    for block in 0..<blocks {
                        // η = X·B for 8 scenarios at once, in registers; then exp(−η).
                        let bb = block * p
                        for r in 0..<rows {
                            let xi = (chunk + r) * p
                            var eta = SIMD8<Double>(repeating: 0)
                            for k in 0..<p { eta += SIMD8<Double>(repeating: x[xi + k]) * beta[bb + k] }
                            for l in 0..<L { risk[r * L + l] = -eta[l] }
                        }
                        for i in 0..<(rows * L) { risk[i] = CompletionSimulation.fastExp(risk[i]) }
                        for l in 0..<Swift.min(L, count - block * L) {
                            let j = block * L + l
                            let base = (range.lowerBound + j) * m.units * width
                            let (g, gd, scale, buckets) = tables[j]
                            g.withUnsafeBufferPointer { g in
                            gd.withUnsafeBufferPointer { gd in
                                let table = Table(cumulative: g, guide: gd, scale: scale,
                                                  buckets: buckets, months: m.months)
                                // The draws first (generator-bound), then the searches.
                                var rng = rngs[j]
                                for r in 0..<rows {
                                    thresholds[r] = table.threshold(inverseRisk: risk[r * L + l], from: 0, &rng)
                                }
                                rngs[j] = rng
                                for r in 0..<rows {
                                    let t = table.month(threshold: thresholds[r], from: 0)
                                    out[base &+ Int(unit[chunk &+ r]) &* width &+ t] &+= 1
                                }
                            }}
                        }
                    }
                    chunk += rows
                }
            }}}}}
        }
    }
}
