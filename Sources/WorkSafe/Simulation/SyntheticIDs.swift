/// Unique, well-formed synthetic enterprise ids.
enum SyntheticIDs {
    /// The GB 11714 organisation-code check character for 8 leading digits/letters: weights
    /// 3,7,9,10,5,8,4,2; C9 = 11 − (Σ mod 11), 10 → X, 11 → 0.
    static func organizationCheck(_ eight: [Character]) -> Character {
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (c, w) in zip(eight, weights) {
            let v = c.wholeNumberValue ?? (Int(c.asciiValue ?? 65) - 55)
            sum += v * w
        }
        let r = 11 - sum % 11
        return r == 10 ? "X" : r == 11 ? "0" : Character(String(r))
    }

    /// Eight digits unique for each `index` below 10^8 (a multiplication by a unit mod 10^8).
    static func digits(index: Int, seed: UInt64) -> String {
        let n = (UInt64(index) &* 7_368_787 &+ seed % 100_000_000) % 100_000_000
        let s = String(n)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    /// A valid 统一社会信用代码: 9 (market regulator) 1 (enterprise), division 350105, the
    /// organisation code with its check, and the GB 32100 check character (or a wrong one when
    /// `corruptCheck`).
    static func creditCode(index: Int, seed: UInt64, corruptCheck: Bool = false) -> String {
        let eight = Array(digits(index: index, seed: seed))
        let prefix = "91350105" + String(eight) + String(organizationCheck(eight))
        var check = EnterpriseID.creditCodeCheckCharacter(prefix)!
        if corruptCheck {
            let a = EnterpriseID.creditCodeAlphabet
            check = a[(a.firstIndex(of: check)! + 1) % a.count]
        }
        return prefix + String(check)
    }

    /// A legacy 15-digit registration number (注册号), as older ledgers hold.
    static func legacyNumber(index: Int, seed: UInt64) -> String {
        "3501050" + digits(index: index, seed: seed &+ 17)
    }
}
