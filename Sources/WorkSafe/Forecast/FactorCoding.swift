import Linalg
import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How factor levels map to dummy columns, and the design of the collapsed fit.
struct FactorCoding {
    /// Per factor (industry, size, community, department): level → code (0 = reference).
    let codes: [[Int]]
    let industryOffset: Int, sizeOffset: Int, communityOffset: Int, departmentOffset: Int
    let staticCount: Int

    init(tallies t: HazardTallies, minimumLevelEvents: Int) {
        func coding(_ factor: Int, pooled: Bool) -> [Int] {
            let (r, v) = t.levelTotals(factor)
            let kept = pooled
                ? r.indices.filter { v[$0] >= minimumLevelEvents && r[$0] - v[$0] >= minimumLevelEvents }
                : r.indices.filter { r[$0] > 0 }
            guard let ref = kept.max(by: { (r[$0], -$0) < (r[$1], -$1) }) else {
                return [Int](repeating: 0, count: r.count)
            }
            var codes = [Int](repeating: 0, count: r.count), next = 1
            for l in kept where l != ref { codes[l] = next; next += 1 }
            return codes
        }
        codes = [coding(0, pooled: true), coding(1, pooled: true), coding(2, pooled: false), coding(3, pooled: false)]
        let counts = codes.map { $0.max() ?? 0 }
        industryOffset = 0
        sizeOffset = counts[0]
        communityOffset = sizeOffset + counts[1]
        departmentOffset = communityOffset + counts[2]
        staticCount = departmentOffset + counts[3]
    }

    func codes(_ l: (industry: Int, size: Int, community: Int, department: Int)) -> CompletionHazard.CellCodes {
        .init(industry: codes[0][l.industry], size: codes[1][l.size], community: codes[2][l.community],
              department: codes[3][l.department])
    }

    func staticEta(_ c: CompletionHazard.CellCodes, _ beta: [Double]) -> Double {
        Self.staticEta(c, beta, offsets: (industryOffset, sizeOffset, communityOffset, departmentOffset))
    }

    /// The static part of η: the sum of the coefficients of the codes' dummies (code 0, the
    /// reference level, has none), each factor's dummies starting at its offset in `beta`.
    static func staticEta(_ c: CompletionHazard.CellCodes, _ beta: [Double],
                          offsets o: (industry: Int, size: Int, community: Int, department: Int)) -> Double {
        var s = 0.0
        if c.industry > 0 { s += beta[o.industry + c.industry - 1] }
        if c.size > 0 { s += beta[o.size + c.size - 1] }
        if c.community > 0 { s += beta[o.community + c.community - 1] }
        if c.department > 0 { s += beta[o.department + c.department - 1] }
        return s
    }

    func names(_ t: HazardTallies) -> [String] {
        var names: [String] = []
        for (l, c) in codes[0].enumerated() where c > 0 { names.append("industry=\(t.industries[l])") }
        for (l, c) in codes[1].enumerated() where c > 0 { names.append("size=\(t.sizes[l].rawValue)") }
        for (l, c) in codes[2].enumerated() where c > 0 { names.append("community=\(t.communities[l])") }
        for (l, c) in codes[3].enumerated() where c > 0 { names.append("department=\(t.departments[l])") }
        for k in 0..<t.months {
            let end = MonthIndex.end(t.firstMonth + k)
            names.append("month=\(end.year)-\(end.month < 10 ? "0" : "")\(end.month)")
        }
        return names
    }

    func industryMap(_ t: HazardTallies) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: t.industries.enumerated().map { ($1, codes[0][$0]) })
    }
    func sizeMap(_ t: HazardTallies) -> [EnterpriseSize: Int] {
        Dictionary(uniqueKeysWithValues: t.sizes.enumerated().map { ($1, codes[1][$0]) })
    }
    func communityMap(_ t: HazardTallies) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: t.communities.enumerated().map { ($1, codes[2][$0]) })
    }
    func departmentMap(_ t: HazardTallies) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: t.departments.enumerated().map { ($1, codes[3][$0]) })
    }

    /// The collapsed design.
    struct Design {
        let x: Matrix, y: [Double], w: [Double]
        let prior: LogisticRegression.GaussianPrior
        /// The row of each cell × month (−1: nobody at risk).
        let rowOf: [Int]
    }

    /// The collapsed binomial rows (one per distinct codes × month), their weights and the prior.
    func design(_ t: HazardTallies) throws -> Design {
        struct Key: Hashable { let codes: CompletionHazard.CellCodes; let month: Int }
        var collapsed: [Key: (Int, Int)] = [:]
        for cell in 0..<t.cellCount {
            let c = codes(t.levels(ofCell: cell))
            for k in 0..<t.months {
                let r = Int(t.atRisk[cell * t.months + k])
                guard r > 0 else { continue }
                let key = Key(codes: c, month: k)
                let old = collapsed[key] ?? (0, 0)
                collapsed[key] = (old.0 + r, old.1 + Int(t.events[cell * t.months + k]))
            }
        }
        let keys = collapsed.keys.sorted {
            ($0.month, $0.codes.industry, $0.codes.size, $0.codes.community, $0.codes.department)
                < ($1.month, $1.codes.industry, $1.codes.size, $1.codes.community, $1.codes.department)
        }
        let p = staticCount + t.months
        var x = [Double](repeating: 0, count: keys.count * p)
        var y: [Double] = [], w: [Double] = []
        for (r, key) in keys.enumerated() {
            let row = r * p, c = key.codes
            if c.industry > 0 { x[row + industryOffset + c.industry - 1] = 1 }
            if c.size > 0 { x[row + sizeOffset + c.size - 1] = 1 }
            if c.community > 0 { x[row + communityOffset + c.community - 1] = 1 }
            if c.department > 0 { x[row + departmentOffset + c.department - 1] = 1 }
            x[row + staticCount + key.month] = 1
            let (n, ev) = collapsed[key]!
            y.append(Double(ev) / Double(n)); w.append(Double(n))
        }
        let crude = Swift.max(0.5, Double(t.totalEvents)) / Double(t.totalAtRisk)
        let monthMean = log(-log1p(-Swift.min(crude, 0.99)))
        var mean = [Double](repeating: 0, count: p), precision = mean
        for j in 0..<p {
            let sd: Double
            if j < communityOffset { sd = CompletionHazard.factorPriorSD }
            else if j < staticCount { sd = CompletionHazard.unitPriorSD }
            else { sd = CompletionHazard.monthPriorSD; mean[j] = monthMean }
            precision[j] = 1 / (sd * sd)
        }
        let rowIndex = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        var rowOf = [Int](repeating: -1, count: t.cellCount * t.months)
        for cell in 0..<t.cellCount {
            let c = codes(t.levels(ofCell: cell))
            for k in 0..<t.months where t.atRisk[cell * t.months + k] > 0 {
                rowOf[cell * t.months + k] = rowIndex[Key(codes: c, month: k)]!
            }
        }
        return Design(x: try Matrix(rows: keys.count, columns: p, elements: x), y: y, w: w,
                      prior: LogisticRegression.GaussianPrior(mean: mean, precision: precision), rowOf: rowOf)
    }
}
