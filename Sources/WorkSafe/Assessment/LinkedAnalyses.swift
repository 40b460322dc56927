/// The inputs the assessment takes from the other analyses — each enterprise's rule-based risk
/// level and each unit's forecast probability of its next milestone — computed the same way by
/// every command and the report.
public enum LinkedAnalyses {
    /// Each enterprise's rule-based risk level for `period` (its `risk.csv` row of that quarter
    /// and its risk points), by enterprise id.
    ///
    /// - Throws: `RiskError` for invalid rules or risk points.
    public static func riskLevels(ledger: Ledger, period: Quarter,
                                  grader: RiskGrader = RiskGrader()) throws -> [String: RiskLevel] {
        var levels: [String: RiskLevel] = [:]
        for g in try grader.grade(ledger: ledger, period: period) { levels[g.enterpriseID] = g.level }
        return levels
    }

    /// Each unit's probability of reaching the first milestone after `asOf`, from the
    /// enterprise-level hazard forecast as of `asOf` (nothing after it is used). Empty when no
    /// milestone falls after `asOf`.
    ///
    /// - Throws: `ForecastError` other than `.noFutureMilestone`.
    public static func nextMilestoneProbabilities(
        ledger: Ledger, campaign: Campaign, asOf: Day, forecast: HazardForecast = HazardForecast()
    ) throws -> [AssessmentUnit: Double] {
        guard let next = campaign.milestones.first(where: { $0.date > asOf }) else { return [:] }
        let rows: [MilestoneForecast]
        do {
            rows = try forecast.forecast(ledger: ledger, campaign: campaign, asOf: asOf).rows
        } catch ForecastError.noFutureMilestone {
            return [:]
        }
        var result: [AssessmentUnit: Double] = [:]
        for row in rows where row.milestoneDate == next.date {
            switch row.unit.level {
            case .town: result[.town] = row.probability
            case .community: result[.community(row.unit.name)] = row.probability
            case .department: result[.department(row.unit.name)] = row.probability
            case .reported: break
            }
        }
        return result
    }

    /// `nextMilestoneProbabilities`, for a bulletin that must be made whatever the forecast can
    /// do: when the history cannot support the hazard model (a town whose enterprises all
    /// completed before the campaign, a single enterprise…) the probabilities are empty and
    /// `note` says why, instead of failing the whole bulletin.
    public static func nextMilestoneForecast(
        ledger: Ledger, campaign: Campaign, asOf: Day, forecast: HazardForecast = HazardForecast()
    ) -> (probabilities: [AssessmentUnit: Double], note: String?) {
        do {
            return (try nextMilestoneProbabilities(ledger: ledger, campaign: campaign, asOf: asOf, forecast: forecast), nil)
        } catch let error as ForecastError {
            return ([:], error.description)
        } catch {
            return ([:], "forecast: \(error)")
        }
    }
}
