// Throwaway timing harness used to measure the Swift side against scripts/peers/*.py until the
// package-benchmark targets exist. To run: make a package with this file as
// Sources/FcBench/main.swift, depending on this repository by path (products Stats, Linalg,
// WorkSafe), `swift build -c release`, then `.build/release/FcBench logit|mc`.

import Foundation
import Linalg
import Stats
import WorkSafe

@inline(__always) func splitmix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
@inline(__always) func u(_ i: Int, _ j: Int) -> Double { Double(splitmix(UInt64(i * 25 + j)) >> 11) * 0x1.0p-53 }

func cpu() -> Double { var r = rusage(); getrusage(0, &r); return Double(r.ru_utime.tv_sec) + Double(r.ru_utime.tv_usec) / 1e6 }
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
OpenBLAS.threadCount = 2
let mode = CommandLine.arguments.dropFirst().first ?? "all"
if mode == "logit" || mode == "all" {
    let n = 1_200_000, p = 24
    var x = [Double](repeating: 0, count: n * p), y = [Double](repeating: 0, count: n)
    for i in 0..<n {
        x[i * p] = 1
        for j in 1...12 { x[i * p + j] = u(i, j) < 0.3 ? 1 : 0 }
        for j in 13...22 { x[i * p + j] = 2 * u(i, j) - 1 }
        x[i * p + 23] = Double(i % 36) / 36
        var eta = -2.0
        for j in 1..<p { eta += 0.1 * Double(j % 5 - 2) * x[i * p + j] }
        y[i] = u(i, 24) < 1 / (1 + exp(-eta)) ? 1 : 0
    }
    let design = try Matrix(rows: n, columns: p, elements: x)
    for link in [LogisticRegression.Link.logit, .complementaryLogLog] {
        var best = 1e9
        var fit: LogisticRegression.Fitted? = nil
        for _ in 0..<3 {
            let t0 = now()
            fit = try LogisticRegression(link: link, tolerance: 1e-8).fit(x: design, y: y)
            best = min(best, now() - t0)
        }
        print("irls \(link) 1.2M x 24: best of 3 = \(best) s, iterations \(fit!.iterations), b0 \(fit!.coefficients[0]) b1 \(fit!.coefficients[1]) se1 \(fit!.standardErrors[1])")
    }
}
if mode == "mc" || mode == "all" {
    let gen = SimulatedCampaign(enterprises: 100_000, communities: 20, departments: 6,
                                campaign: Campaign.townPlan, end: Day(year: 2024, month: 6, day: 30)!)
    var t0 = now()
    let ledger = gen.generate(seed: 1)
    print("generate 100k ledger: \(now() - t0) s")
    let asOf = Day(year: 2024, month: 6, day: 30)!
    do {
        let cfg = HazardForecast(scenarios: 1, seed: 1, threadCount: 1, horizonMonths: 36)
        t0 = now()
        let c0 = cpu()
        _ = try cfg.forecast(ledger: ledger, campaign: .townPlan, asOf: asOf)
        print("setup (1 scenario): \(now() - t0) s wall, \(cpu() - c0) s cpu")
    }
    for threads in [1, 2] {
        let cfg = HazardForecast(scenarios: 1000, seed: 1, threadCount: threads, horizonMonths: 36)
        t0 = now()
        let c0 = cpu()
        let r = try cfg.forecast(ledger: ledger, campaign: .townPlan, asOf: asOf)
        print("forecast 100k x 1000 x 36, threads \(threads): \(now() - t0) s wall, \(cpu() - c0) s cpu; rows \(r.rows.count); town \(r.rows[0].probability) \(r.rows[0].expectedPercent)")
    }
    t0 = now()
    let known = ledger.asOf(asOf)
    print("asOf: \(now() - t0) s")
    t0 = now()
    let fit = try CompletionHazard().fit(ledger: ledger, campaign: .townPlan, asOf: asOf)
    print("hazard fit incl asOf: \(now() - t0) s, coefficients \(fit.coefficientNames.count), person-months \(fit.personMonths)")
    _ = known
}
