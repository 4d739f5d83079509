@testable import Projections
import Testing

@Suite("success_rate: PostgreSQL numeric ROUND(…, 2)")
struct SuccessRateTests {
    @Test(arguments: [
        (1, 3, "33.33"), (2, 3, "66.67"), (1, 8, "12.50"), (1, 200, "0.50"), (1, 800, "0.13"),
        (3, 800, "0.38"), (1, 1600, "0.06"), (0, 5, "0.00"), (5, 5, "100.00"), (1, 7, "14.29"),
        (1, 20_001, "0.00"), (1, 19_999, "0.01"), (9_999, 10_000, "99.99"), (19_999, 20_000, "100.00"),
        (Int(Int32.max), Int(Int64.max), "0.00"), (Int.max - 1, Int.max, "100.00"),
    ])
    func rounding(part: Int, whole: Int, expected: String) {
        #expect(percentRounded(part, of: whole) == expected)
    }

    @Test func noRowsIsNull() {
        #expect(percentRounded(0, of: 0) == nil)
    }

    /// Against long division to three decimals: round half up at two decimals happens exactly
    /// when the third decimal digit is 5 or more. Every pair up to 400.
    @Test func agreesWithLongDivision() {
        for whole in 1...400 {
            for part in 0...whole {
                let thousandths = part * 100_000 / whole      // floor of rate × 1000
                var hundredths = thousandths / 10
                let digit = thousandths % 10
                if digit >= 5 { hundredths += 1 }
                let expected = "\(hundredths / 100)." + (hundredths % 100 < 10 ? "0" : "") + "\(hundredths % 100)"
                #expect(percentRounded(part, of: whole) == expected, "\(part)/\(whole)")
            }
        }
    }
}
