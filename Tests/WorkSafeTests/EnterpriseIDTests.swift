import Foundation
import Testing
@testable import WorkSafe

@Suite struct EnterpriseIDTests {
    struct Code: Decodable { var code: String; var expected: String; var valid: Bool }

    @Test func checkCharacterMatchesIndependentComputation() throws {
        let codes = try JSONDecoder().decode([Code].self, from: Data(contentsOf: fixture("credit_codes.json")))
        #expect(codes.count >= 12)
        for c in codes {
            #expect(EnterpriseID.creditCodeCheckCharacter(c.code.prefix(17)) == Character(c.expected), "\(c.code)")
            #expect((EnterpriseID.checkCreditCode(c.code) == .valid) == c.valid, "\(c.code)")
        }
    }

    @Test func publishedCodesAreValid() {
        for code in ["91350100M000100Y43", "91310000607216596U", "91440300708461136T", "9111000071093123XX"] {
            #expect(EnterpriseID.checkCreditCode(code) == .valid)
        }
        #expect(EnterpriseID.checkCreditCode("91350100M000100Y44") == .wrongCheckCharacter(expected: "3", found: "4"))
    }

    @Test func weightsArePowersOfThreeModulo31() {
        #expect(EnterpriseID.creditCodeWeights == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
    }

    @Test func lettersOutsideTheAlphabetAndOtherLengths() {
        #expect(EnterpriseID.checkCreditCode("91350100I000100Y43") == .invalidCharacter(position: 9, character: "I"))
        #expect(EnterpriseID.checkCreditCode("350105000123456") == .notACreditCode)
    }

    @Test func normalisationTrimsFoldsWidthAndUpperCases() {
        #expect(EnterpriseID.normalize(" ｇ１２３\u{3000}") == "G123")
        #expect(EnterpriseID.normalize("９１３５０１００ｍ０００１００ｙ４３") == "91350100M000100Y43")
        #expect(EnterpriseID.normalize("abc") == "ABC")
    }

    @Test func excelDamageIsRecognised() {
        #expect(EnterpriseID.looksLikeScientificNotation("9.13501E+17"))
        #expect(EnterpriseID.looksLikeScientificNotation("9.13501e17"))
        #expect(!EnterpriseID.looksLikeScientificNotation("91350100M000100Y43"))
        #expect(!EnterpriseID.looksLikeScientificNotation("E17"))
        #expect(EnterpriseID.looksTruncatedByExcel("913501001234567000"))
        #expect(!EnterpriseID.looksTruncatedByExcel("913501001234567891"))
    }
}
