import Testing
@testable import Stats

@Suite struct DistributionTests {
    @Test func studentTMatchesScipyCdfAndSurvival() throws {
        let ref = try Fixture.json("distributions_reference.json")
        for row in try ref.objects("t") where row["x"] != nil {
            let dist = StudentTDistribution(degreesOfFreedom: try row.double("df"))
            let x = try row.double("x")
            // df 5000 goes through log Γ near 2500: still ~1e-12.
            #expect(close(dist.cdf(x), try row.double("cdf"), relative: 1e-12), "cdf df=\(dist.degreesOfFreedom) x=\(x)")
            #expect(close(dist.survival(x), try row.double("sf"), relative: 1e-12), "sf df=\(dist.degreesOfFreedom) x=\(x)")
        }
    }

    @Test func studentTQuantileMatchesScipy() throws {
        let ref = try Fixture.json("distributions_reference.json")
        for row in try ref.objects("t") where row["p"] != nil {
            let dist = StudentTDistribution(degreesOfFreedom: try row.double("df"))
            let p = try row.double("p")
            let expected = try row.double("ppf")
            #expect(abs(dist.quantile(p) - expected) <= 1e-12 * max(abs(expected), 1),
                    "ppf df=\(dist.degreesOfFreedom) p=\(p): \(dist.quantile(p))")
        }
    }

    @Test func normalMatchesScipy() throws {
        let ref = try Fixture.json("distributions_reference.json")
        for row in try ref.objects("norm") {
            if row["x"] != nil {
                let x = try row.double("x")
                // Far in the tail, rounding x/√2 alone moves erfc by ~x²·ε relative (1e-13 at 30).
                let tolerance = abs(x) > 10 ? 1e-12 : 1e-13
                #expect(close(NormalDistribution.cdf(x), try row.double("cdf"), relative: tolerance), "cdf \(x)")
                #expect(close(NormalDistribution.survival(x), try row.double("sf"), relative: tolerance), "sf \(x)")
            } else {
                let p = try row.double("p")
                let expected = try row.double("ppf")
                #expect(abs(NormalDistribution.quantile(p) - expected) <= 1e-14 * max(abs(expected), 1),
                        "norm ppf p=\(p)")
            }
        }
    }

    @Test func quantileEdgesAndClosedForms() {
        let t1 = StudentTDistribution(degreesOfFreedom: 1)
        #expect(t1.quantile(0.75) == 1.0 || abs(t1.quantile(0.75) - 1) < 1e-15)  // Cauchy: tan(π/4)
        #expect(t1.quantile(0) == -.infinity && t1.quantile(1) == .infinity)
        #expect(t1.quantile(0.5) == 0)
        #expect(t1.quantile(1.5).isNaN && t1.quantile(-0.1).isNaN)
        #expect(NormalDistribution.quantile(0.5) == 0 || abs(NormalDistribution.quantile(0.5)) < 1e-16)
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-15)
    }

    @Test(arguments: [0.3, 0.5, 1.7, 7, 60, 1e6])
    func quantileInvertsTheCdf(df: Double) {
        let dist = StudentTDistribution(degreesOfFreedom: df)
        for p in [1e-9, 0.01, 0.2, 0.5, 0.8, 0.975, 0.999_999] {
            let t = dist.quantile(p)
            // ~1e-12 up to ν ≈ 10⁴; the continued fraction loses about a digit per decade beyond.
            let tolerance = df > 1e4 ? 1e-9 : 1e-12
            #expect(abs(dist.cdf(t) - p) <= tolerance * min(p, 1 - p), "df=\(df) p=\(p)")
        }
        if df == 1e6 {  // essentially normal
            #expect(abs(dist.quantile(0.975) - NormalDistribution.quantile(0.975)) < 1e-5)
        }
    }
}
