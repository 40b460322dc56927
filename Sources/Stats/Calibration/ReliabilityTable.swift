/// A reliability (calibration) table: forecasts grouped into bins of predicted probability, with
/// the mean prediction and the observed frequency of the event in each bin.
///
/// A calibrated forecaster's bins lie on the diagonal (observed ≈ predicted). Binning follows
/// scikit-learn's `calibration_curve`: with `.uniform` the edges are `0, 1/k, …, 1` and a
/// probability on an interior edge falls in the lower bin; with `.quantile` the edges are the
/// `0, 1/k, …, 1` quantiles of the predictions (linear interpolation, numpy's default). Empty
/// bins are omitted.
///
/// - Complexity: O(*n*) for uniform bins, O(*n* log *n*) for quantile bins.
public struct ReliabilityTable: Sendable, Equatable {
    /// How bin edges are chosen.
    public enum Strategy: String, Sendable, CaseIterable {
        /// Equal-width bins on [0, 1].
        case uniform
        /// Bins holding (about) equal numbers of forecasts.
        case quantile
    }

    /// One non-empty bin.
    public struct Bin: Sendable, Equatable {
        /// The bin's lower edge.
        public var lower: Double
        /// The bin's upper edge.
        public var upper: Double
        /// Forecasts in the bin.
        public var count: Int
        /// Mean predicted probability in the bin.
        public var meanPredicted: Double
        /// Share of the bin's forecasts whose event happened.
        public var observedFrequency: Double
    }

    /// The non-empty bins, in increasing order of probability.
    public let bins: [Bin]

    /// The count-weighted mean absolute gap `Σ nᵦ·|observedᵦ − predictedᵦ| / n` (expected
    /// calibration error).
    public var expectedCalibrationError: Double {
        let n = bins.reduce(0) { $0 + $1.count }
        guard n > 0 else { return 0 }
        return bins.reduce(0) { $0 + Double($1.count) * abs($1.observedFrequency - $1.meanPredicted) } / Double(n)
    }

    /// Builds the table.
    ///
    /// - Throws: `CalibrationError` for empty or mismatched inputs, probabilities outside [0, 1]
    ///   or `binCount < 1`.
    public init(probabilities: [Double], outcomes: [Bool], binCount: Int = 10,
                strategy: Strategy = .uniform) throws {
        try validateProbabilities(probabilities, outcomes: outcomes.count)
        guard binCount >= 1 else { throw CalibrationError.invalidBinCount(binCount) }
        var edges: [Double]
        switch strategy {
        case .uniform:
            edges = (0...binCount).map { Double($0) / Double(binCount) }
        case .quantile:
            let sorted = probabilities.sorted()
            edges = (0...binCount).map { k in
                let pos = Double(k) / Double(binCount) * Double(sorted.count - 1)
                let lo = Int(pos), hi = Swift.min(lo + 1, sorted.count - 1)
                return sorted[lo] + (pos - Double(lo)) * (sorted[hi] - sorted[lo])
            }
        }
        var count = [Int](repeating: 0, count: binCount)
        var sumP = [Double](repeating: 0, count: binCount)
        var sumO = [Double](repeating: 0, count: binCount)
        for (p, o) in zip(probabilities, outcomes) {
            // searchsorted(edges[1:-1], p, side="left"): interior edges strictly below p.
            var lo = 1, hi = binCount   // search interior edges 1..<binCount
            while lo < hi {
                let mid = (lo + hi) / 2
                if edges[mid] < p { lo = mid + 1 } else { hi = mid }
            }
            let b = lo - 1
            count[b] += 1; sumP[b] += p; sumO[b] += o ? 1 : 0
        }
        bins = (0..<binCount).compactMap { b in
            guard count[b] > 0 else { return nil }
            return Bin(lower: edges[b], upper: edges[b + 1], count: count[b],
                       meanPredicted: sumP[b] / Double(count[b]),
                       observedFrequency: sumO[b] / Double(count[b]))
        }
    }
}
