import Foundation
@testable import HinboxPostgres
import Testing

/// Dates are kept as whole milliseconds, like the SQLite store's, and survive a copy between the two.
@Suite("Stored dates")
struct StoredDateTests {
    @Test("A date on a millisecond keeps it, however its binary value falls; others round down")
    func milliseconds() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let milliseconds = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(StoredDate(date).milliseconds == milliseconds)
            #expect(StoredDate(StoredDate(date).date).milliseconds == milliseconds)
        }
        #expect(StoredDate(Date(timeIntervalSince1970: 1_700_000_000.123_456)).milliseconds == 1_700_000_000_123)
        #expect(StoredDate(Date(timeIntervalSince1970: 1_700_000_000.999_7)).milliseconds == 1_700_000_000_999)
    }
}
