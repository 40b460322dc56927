import Stats

/// Which growth curve to fit to each unit's share series (`--fit`).
public enum TrendFit: String, CaseIterable, Sendable, Hashable {
    case none, logistic, gompertz, richards

    /// The Stats model, `nil` for `none`.
    public var model: GrowthCurve.Model? {
        switch self {
        case .none: nil
        case .logistic: .logistic
        case .gompertz: .gompertz
        case .richards: .richards
        }
    }
}

/// A growth curve fitted to one unit's completion shares: time is months since the campaign
/// start, the share a fraction with the ceiling bounded by 100 %. Parameters are reported in
/// the table's units (percent, per month, months, the midpoint also as a date). When the fit is
/// impossible (too few periods with a share, no completion yet, a flat series) every value is
/// `nil` and `note` says why.
public struct GroupGrowthCurve: Sendable, Hashable {
    /// The unit.
    public var unit: String
    /// The curve family.
    public var model: GrowthCurve.Model
    /// The fit, when it succeeded.
    public var fitted: GrowthCurve.Fitted?
    /// Points used (period ends with a share).
    public var points: Int
    /// The campaign start (time origin).
    public var origin: Day
    /// Why values are missing, or remarks (ceiling on its bound, not converged).
    public var note: String

    /// Ceiling K in percent.
    public var ceilingPercent: Double? { fitted.map { 100 * $0.ceiling } }
    /// SE of the ceiling in percent (`nil` when the ceiling is held at 100 %).
    public var ceilingSEPercent: Double? { fitted.flatMap { finite(100 * $0.standardErrors[0]) } }
    /// Rate r per month.
    public var ratePerMonth: Double? { fitted?.rate }
    /// SE of the rate.
    public var rateSE: Double? { fitted.flatMap { finite($0.standardErrors[1]) } }
    /// Midpoint t₀ in months since the campaign start.
    public var midpointMonths: Double? { fitted?.midpoint }
    /// SE of the midpoint in months.
    public var midpointSEMonths: Double? { fitted.flatMap { finite($0.standardErrors[2]) } }
    /// The midpoint as a date (rounded to the day).
    public var midpointDate: Day? {
        fitted.flatMap { f in
            let d = f.midpoint * averageDaysPerMonth
            return d.isFinite && abs(d) < 1e6 ? origin.adding(days: Int(d.rounded())) : nil
        }
    }
    /// Richards' shape ν.
    public var shape: Double? { fitted?.shape }
    /// SE of the shape.
    public var shapeSE: Double? { fitted.flatMap { $0.model == .richards ? finite($0.standardErrors[3]) : nil } }

    /// The fitted share in percent on `day`.
    public func fittedPercent(on day: Day) -> Double? {
        fitted.map { 100 * $0.share(at: Double(day.ordinal - origin.ordinal) / averageDaysPerMonth) }
    }

    /// Fits `model` to each unit's rows (rows with a share; partial periods included).
    public static func fit(_ model: GrowthCurve.Model, rows: [CompletionTrendRow], campaign: Campaign) -> [GroupGrowthCurve] {
        var order: [String] = []
        var byUnit: [String: [CompletionTrendRow]] = [:]
        for r in rows {
            if byUnit[r.unit] == nil { order.append(r.unit) }
            byUnit[r.unit, default: []].append(r)
        }
        let curve = GrowthCurve(model: model)
        return order.map { unit in
            let points = byUnit[unit]!.compactMap { r in
                r.sharePercent.map { (Double(r.periodEnd.ordinal - campaign.start.ordinal) / averageDaysPerMonth, $0 / 100) }
            }
            var result = GroupGrowthCurve(unit: unit, model: model, fitted: nil, points: points.count,
                                          origin: campaign.start, note: "")
            let p = model.parameterNames.count
            guard points.count > p else {
                result.note = "too few periods with a share to fit a \(model.rawValue) curve: \(points.count), need more than \(p)"
                return result
            }
            do {
                let f = try curve.fit(times: points.map(\.0), shares: points.map(\.1))
                result.fitted = f
                var remarks: [String] = []
                if f.ceilingAtBound { remarks.append("ceiling held at its 100% bound (no standard error)") }
                if f.nls.atBound.dropFirst().contains(true) { remarks.append("a parameter ended on its bound (no standard error)") }
                if !f.nls.converged { remarks.append("did not converge within the iteration limit") }
                result.note = remarks.joined(separator: "; ")
            } catch let error as LevenbergMarquardt.StandardErrorsUnavailable {
                let name = error.parameter.map { model.parameterNames[$0] } ?? "a parameter"
                result.note = "\(model.rawValue) fit impossible: the data do not determine \(name) (\(error.reason))"
            } catch let error as GrowthCurveError {
                result.note = "\(model.rawValue) fit impossible: \(error)"
            } catch let error as RegressionError {
                result.note = "\(model.rawValue) fit impossible: \(error)"
            } catch {
                result.note = "\(model.rawValue) fit failed: \(error)"
            }
            return result
        }
    }
}

private func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
