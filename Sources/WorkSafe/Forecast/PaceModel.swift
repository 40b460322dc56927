import Linalg
import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The calendar facts the pace model needs for each month: which months lie in a deadline
/// window, which are quarter ends, which begin a new phase.
struct PaceCalendar: Sendable {
    /// Month indices (`MonthIndex`) of the milestones, in date order.
    let milestoneMonths: [Int]

    init(campaign: Campaign) { self.init(milestones: campaign.milestones) }

    init(milestones: [Milestone]) {
        milestoneMonths = milestones.sorted { $0.date < $1.date }.map { MonthIndex.of($0.date) }
    }

    /// Which month of a deadline window `m` is: 0 the milestone's month, 1 the month before,
    /// 2 the one before that; nil outside every window.
    func deadlineOffset(_ m: Int) -> Int? {
        var best: Int? = nil
        for d in milestoneMonths where d >= m && d - m <= 2 { best = Swift.min(best ?? 2, d - m) }
        return best
    }

    /// Whether `m` is a quarter-end month outside every deadline window.
    func isQuarterEnd(_ m: Int) -> Bool {
        ((m % 12) + 12) % 12 % 3 == 2 && deadlineOffset(m) == nil
    }

    /// The index of the milestone whose phase ends just before `m` when `m` is the first month
    /// of a new phase (the month after a milestone's month, a later milestone still ahead).
    func phaseStart(_ m: Int) -> Int? {
        guard let k = milestoneMonths.firstIndex(of: m - 1), k + 1 < milestoneMonths.count else { return nil }
        return k
    }
}

/// One series of monthly log-pace observations: the months `first ..< first + y.count`
/// (`MonthIndex`), each with an observed log pace and its sampling variance, or missing.
struct PaceSeries: Sendable {
    /// The first month.
    var first: Int
    /// Observations (nil: missing).
    var y: [Double?]
    /// Their sampling variances.
    var variance: [Double]
    /// The target pull's regressor g at the phase starts inside the history (month → g).
    var phaseGap: [Int: Double]
    /// Months each observation averages over, ending with its own (nil: one month each).
    var span: [Int]? = nil
    /// The depletion regressor of each observation (the log of the remaining share at its
    /// start), for a model with `depletion`.
    var depletion: [Double]? = nil

    var months: Range<Int> { first..<(first + y.count) }
}

/// The campaign pace model: how the log of a unit's monthly completion hazard moves through time.
///
/// **Full kind** (the town's pace, or one unit's in the pool method). The state
/// `α = (ℓ, b, δ₀, δ₁, δ₂, δ_Q, κ)`; the observed log pace of month t is
///
///     yₜ = ℓₜ + δ₀·[t is a milestone's month] + δ₁·[the month before] + δ₂·[two months before]
///          + δ_Q·[t is another quarter end] + εₜ,      εₜ ~ N(0, vₜ + σ²_irr)
///
/// with `vₜ` the sampling variance of `yₜ`. The level is a random walk with a damped drift,
///
///     ℓₜ₊₁ = ℓₜ + bₜ + wₜ + [t + 1 starts a phase]·(κ·g + jₜ),   bₜ₊₁ = φ·bₜ + uₜ,
///
/// `wₜ ~ N(0, σ²_level)`, `uₜ ~ N(0, σ²_drift)`, `jₜ ~ N(0, s²_jump)`, and g the log of the pace the
/// next target requires over the pace before the phase (`targetGap`). δ₀, δ₁, δ₂, δ_Q and κ are
/// constant; their priors, and those of ℓ₁ and b₁, come from `CampaignPractice`: before a
/// deadline or a phase start has been seen the forecast uses the prior, afterwards the data.
///
/// **Deviation kind** (a community's or department's departure from the town's pace in the
/// hazard method): the state is one number ζ, a random walk from `N(0, unitInitialSD²)` with
/// `σ_unit` per month and an extra `unitPhaseJumpSD` at phase starts; `yₜ = ζₜ + εₜ`.
///
/// The variances `σ_level`, `σ_irr` (or `σ_unit`, `σ_irr`) are not plugged in: each point of
/// `CampaignPractice`'s grids gets the posterior weight `exp(log-likelihood + log-prior)`, the
/// likelihood summed over all series fitted together (units share their variances), and each
/// scenario of the forecast first draws a grid point, then the state from that point's Kalman
/// filter (`StateSpaceModel`), then the future. So uncertainty about how fast the pace can
/// change is part of the forecast.
struct PaceModel: Sendable {
    enum Kind: Sendable { case full, deviation }

    let kind: Kind
    let practice: CampaignPractice
    let calendar: PaceCalendar
    /// Whether the state carries the pool's depletion exponent θ (8th entry; its regressor, the
    /// log of the remaining share, comes with each observation).
    var depletion = false

    var stateCount: Int { kind == .full ? (depletion ? 8 : 7) : 1 }

    /// One grid point: the standard deviations of the level's (or unit deviation's) monthly
    /// innovation, of the irregular month-to-month variation and of a phase jump.
    struct Variances: Hashable, Sendable {
        let scale: Double, irregular: Double, jump: Double
    }

    /// The grid of variances with its log prior.
    var grid: [(variances: Variances, logPrior: Double)] {
        let (a, b, c) = kind == .full ? (practice.levelSD, practice.irregularSD, practice.phaseJumpSD)
            : (practice.unitDeviationSD, practice.unitIrregularSD, practice.unitPhaseJumpSD)
        return a.values.flatMap { s in
            b.values.flatMap { r in
                c.values.map { j in (Variances(scale: s, irregular: r, jump: j), a.logPrior(s) + b.logPrior(r) + c.logPrior(j)) }
            }
        }
    }

    /// The observation vector `zₜ` of month m.
    func design(_ m: Int) -> [Double] {
        guard kind == .full else { return [1] }
        var z = [Double](repeating: 0, count: stateCount)
        z[0] = 1
        if let d = calendar.deadlineOffset(m) { z[2 + d] = 1 }
        if calendar.isQuarterEnd(m) { z[5] = 1 }
        return z
    }

    /// Transition from month m to m + 1: `(T, Q)`, with `gap` the target pull's regressor when
    /// m + 1 starts a phase.
    func transition(from m: Int, variances v: Variances, gap: Double?) -> (t: [Double], q: [Double]) {
        let k = stateCount
        var t = [Double](repeating: 0, count: k * k), q = t
        for i in 0..<k { t[i * k + i] = 1 }
        let phase = calendar.phaseStart(m + 1) != nil
        switch kind {
        case .full:
            t[0 * k + 1] = 1
            t[1 * k + 1] = practice.driftDamping
            q[0] = v.scale * v.scale
            q[1 * k + 1] = practice.driftInnovationSD * practice.driftInnovationSD
            if phase {
                t[0 * k + 6] = gap ?? 0
                q[0] += v.jump * v.jump
            }
        case .deviation:
            q[0] = v.scale * v.scale + (phase ? v.jump * v.jump : 0)
        }
        return (t, q)
    }

    /// The prior of the first month's state.
    func initialState(firstObservation: Double?) -> (mean: [Double], covariance: [Double]) {
        switch kind {
        case .full:
            let p = practice
            let mean = [firstObservation ?? 0, p.drift.mean, p.deadlineResponse[0].mean, p.deadlineResponse[1].mean,
                        p.deadlineResponse[2].mean, p.quarterEnd.mean, p.targetPull.mean]
            let sds = [p.initialLevelSD, p.drift.sd, p.deadlineResponse[0].sd, p.deadlineResponse[1].sd,
                       p.deadlineResponse[2].sd, p.quarterEnd.sd, p.targetPull.sd]
            let k = stateCount
            var cov = [Double](repeating: 0, count: k * k)
            for i in 0..<7 { cov[i * k + i] = sds[i] * sds[i] }
            if depletion { cov[7 * k + 7] = p.poolDepletion.sd * p.poolDepletion.sd }
            return (depletion ? mean + [p.poolDepletion.mean] : mean, cov)
        case .deviation:
            return ([0], [practice.unitInitialSD * practice.unitInitialSD])
        }
    }

    /// The state-space model of a series for one grid point.
    func stateSpace(_ series: PaceSeries, variances v: Variances) throws -> StateSpaceModel {
        let start = initialState(firstObservation: series.y.first { $0 != nil } ?? nil)
        var steps: [StateSpaceModel.Step] = []
        steps.reserveCapacity(series.y.count)
        let zero = [Double](repeating: 0, count: stateCount)
        for (i, m) in series.months.enumerated() {
            let (t, q) = transition(from: m, variances: v, gap: series.phaseGap[m + 1])
            // An observation averaging k months sees the mean of their designs, the level k−1
            // drifts back on average, and the random walk's spread within the window.
            let k = Swift.max(1, series.span?[i] ?? 1)
            var z = design(m), extra = 0.0
            if k > 1 {
                z = [Double](repeating: 0, count: stateCount)
                for j in 0..<k { for (e, v) in design(m - j).enumerated() { z[e] += v / Double(k) } }
                if kind == .full { z[1] = -Double(k - 1) / 2 }
            }
            if depletion, let d = series.depletion?[i] { z[7] = d }
            if k > 1 {
                let kk = Double(k)
                extra = v.scale * v.scale * (kk - 1) * (2 * kk - 1) / (6 * kk)
            }
            steps.append(StateSpaceModel.Step(
                observation: series.y[i], design: z,
                observationVariance: series.variance[i] + v.irregular * v.irregular + extra,
                transition: t, intercept: zero, stateCovariance: q))
        }
        return try StateSpaceModel(initialMean: start.mean, initialCovariance: start.covariance, steps: steps)
    }

    /// Fits series that share their variances: the grid's posterior weights and, per series and
    /// grid point, the filtered state of its last month.
    ///
    /// - Throws: `ForecastError.modelFailed` when no grid point can be filtered.
    func fit(_ series: [PaceSeries]) throws -> [PacePosterior] {
        let points = grid
        var logWeights = [Double](repeating: -.infinity, count: points.count)
        var states = [[PacePosterior.State?]](repeating: [PacePosterior.State?](repeating: nil, count: points.count),
                                              count: series.count)
        for (g, point) in points.enumerated() {
            var ll = point.logPrior
            var ok = true
            for (s, one) in series.enumerated() {
                guard let filtered = try? stateSpace(one, variances: point.variances).filter(),
                      let mean = filtered.filteredMeans.last, let cov = filtered.filteredCovariances.last,
                      let factor = PacePosterior.factor(cov, stateCount) else { ok = false; break }
                ll += filtered.logLikelihood
                states[s][g] = PacePosterior.State(mean: mean, factor: factor)
            }
            if ok { logWeights[g] = ll }
        }
        guard let top = logWeights.max(), top.isFinite else {
            throw ForecastError.modelFailed(detail: "the pace model could not be filtered at any grid point")
        }
        var weights = logWeights.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        return series.indices.map { s in
            PacePosterior(model: self, lastMonth: series[s].months.last ?? (series[s].first - 1),
                          points: points.indices.compactMap { g in
                              guard weights[g] > 0, let state = states[s][g] else { return nil }
                              return PacePosterior.Point(weight: weights[g], variances: points[g].variances, state: state)
                          })
        }
    }
}

/// A fitted pace: the grid points with their posterior weights and filtered last states, and
/// draws of future paths.
struct PacePosterior: Sendable {
    struct State: Sendable {
        let mean: [Double]
        /// Lower Cholesky factor of the covariance (row-major).
        let factor: [Double]
    }
    struct Point: Sendable {
        let weight: Double
        let variances: PaceModel.Variances
        let state: State
    }

    let model: PaceModel
    /// The last month of the history (the state's month).
    let lastMonth: Int
    let points: [Point]

    /// The posterior mean of the state at the last month (weights over the grid).
    var meanState: [Double] {
        var m = [Double](repeating: 0, count: model.stateCount)
        for p in points { for i in m.indices { m[i] += p.weight * p.state.mean[i] } }
        return m
    }

    /// The posterior standard deviations of the state (mixture over the grid).
    var stateSD: [Double] {
        let k = model.stateCount, m = meanState
        var v = [Double](repeating: 0, count: k)
        for p in points {
            for i in 0..<k {
                var c = 0.0
                for j in 0...i { c += p.state.factor[i * k + j] * p.state.factor[i * k + j] }
                let d = p.state.mean[i] - m[i]
                v[i] += p.weight * (c + d * d)
            }
        }
        return v.map { $0.squareRoot() }
    }

    /// Posterior weight-averaged grid values (for reports).
    var meanScale: Double { points.reduce(0) { $0 + $1.weight * $1.variances.scale } }
    var meanIrregular: Double { points.reduce(0) { $0 + $1.weight * $1.variances.irregular } }
    var meanJump: Double { points.reduce(0) { $0 + $1.weight * $1.variances.jump } }

    /// A lower Cholesky factor of a small symmetric PSD matrix (a tiny ridge when it is only
    /// semi-definite), or nil when not finite.
    static func factor(_ cov: [Double], _ k: Int) -> [Double]? {
        guard cov.allSatisfy(\.isFinite) else { return nil }
        var l = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0...i {
                var s = cov[i * k + j]
                for r in 0..<j { s -= l[i * k + r] * l[j * k + r] }
                if i == j { l[i * k + i] = Swift.max(s, 0).squareRoot() }
                else { l[i * k + j] = l[j * k + j] > 1e-12 ? s / l[j * k + j] : 0 }
            }
        }
        return l
    }

    /// The log pace of months `lastMonth + 1 … lastMonth + count` at the posterior mean state,
    /// without innovations (the mean path; its exponential is not the mean pace).
    func meanPath(months count: Int, gap: (Int) -> Double, into path: inout [Double]) {
        let k = model.stateCount
        var alpha = meanState, next = alpha
        for h in 1...Swift.max(1, count) where h <= count {
            let from = lastMonth + h - 1, m = lastMonth + h
            let phase = model.calendar.phaseStart(m) != nil
            let (t, _) = model.transition(from: from, variances: .init(scale: 0, irregular: 0, jump: 0), gap: phase ? gap(m) : nil)
            for i in 0..<k {
                var v = 0.0
                for j in 0..<k { v += t[i * k + j] * alpha[j] }
                next[i] = v
            }
            alpha = next
            let zt = model.design(m)
            var y = 0.0
            for i in 0..<k { y += zt[i] * alpha[i] }
            path[h - 1] = y
        }
    }

    /// Draws the log pace of months `lastMonth + 1 … lastMonth + count` into `path`: a grid
    /// point by its weight, the last state from its filtered distribution, then the transitions
    /// (with `gap(m)` the target pull's regressor when month m starts a phase) and each month's
    /// irregular noise. The draws come from `rng` in a fixed order. The path leaves out the
    /// depletion term (its regressor depends on the simulated pool); the drawn state, returned,
    /// carries its coefficient.
    @discardableResult
    func draw(months count: Int, gap: (Int) -> Double, into path: inout [Double], _ rng: inout SeededGenerator) -> [Double] {
        let k = model.stateCount
        var u = rng.uniform(), chosen = points.count - 1
        for (i, p) in points.enumerated() { u -= p.weight; if u < 0 { chosen = i; break } }
        let point = points[chosen]
        var alpha = point.state.mean
        var z = [Double](repeating: 0, count: k)
        for i in 0..<k { z[i] = rng.normal() }
        for i in 0..<k { for j in 0...i { alpha[i] += point.state.factor[i * k + j] * z[j] } }
        var next = alpha
        for h in 1...Swift.max(1, count) where h <= count {
            let from = lastMonth + h - 1, m = lastMonth + h
            let phase = model.calendar.phaseStart(m) != nil
            let (t, q) = model.transition(from: from, variances: point.variances, gap: phase ? gap(m) : nil)
            for i in 0..<k {
                var v = 0.0
                for j in 0..<k { v += t[i * k + j] * alpha[j] }
                next[i] = v
            }
            // Q is diagonal in both kinds.
            for i in 0..<k where q[i * k + i] > 0 { next[i] += q[i * k + i].squareRoot() * rng.normal() }
            // A sudden shift of the level (or deviation) now and then.
            let p = model.practice
            if p.shiftProbability > 0, rng.uniform() < p.shiftProbability { next[0] += p.shiftSD * rng.normal() }
            alpha = next
            let zt = model.design(m)
            var y = 0.0
            for i in 0..<k { y += zt[i] * alpha[i] }
            path[h - 1] = y + point.variances.irregular * rng.normal()
        }
        return alpha
    }
}
