import Testing
@testable import Stats

@Suite struct SeededGeneratorTests {
    @Test func sameSeedGivesSameStream() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }

    @Test func differentSeedsDiffer() {
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 2)
        #expect((0..<8).map { _ in a.next() } != (0..<8).map { _ in b.next() })
    }

    @Test func uniformIsInOpenUnitIntervalWithMeanOneHalf() {
        var g = SeededGenerator(seed: 7)
        var sum = 0.0
        for _ in 0..<100_000 {
            let u = g.uniform()
            #expect(u > 0 && u < 1)
            sum += u
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.005)
    }

    @Test func normalHasUnitVariance() {
        var g = SeededGenerator(seed: 11)
        let xs = (0..<200_000).map { _ in g.normal() }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.01)
    }

    @Test func splitStreamsAreDeterministicAndDistinct() {
        let g = SeededGenerator(seed: 5)
        var s1 = g.split(stream: 1), s1b = g.split(stream: 1), s2 = g.split(stream: 2)
        let a = s1.next()
        #expect(a == s1b.next())
        #expect(a != s2.next())
    }
}
