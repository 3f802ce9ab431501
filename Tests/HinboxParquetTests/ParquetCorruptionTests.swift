import Foundation
import HinboxParquet
import Testing

/// Damaged files end in a thrown ``ParquetError``, never a crash, a trap or a hang.
@Suite("Parquet reader: corrupt input")
struct ParquetCorruptionTests {
    static let valid = "rows-snappy-dict-v2.parquet"

    static func bytes(_ name: String = valid) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: ParquetFixtures.path(name))))
    }

    /// Opens and reads every row group of `bytes`; returns the error, or nil when it read.
    static func outcome(_ bytes: [UInt8]) throws -> ParquetError? {
        let url = try ParquetFixtures.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try ParquetFixtures.readRows(url.path)
            return nil
        } catch let error as ParquetError {
            return error
        }
    }

    @Test("truncated at many lengths: every one near either end, every 7th in between")
    func truncated() throws {
        let whole = try Self.bytes()
        for length in 0..<whole.count where length < 64 || length > whole.count - 300 || length % 7 == 0 {
            let error = try Self.outcome(Array(whole[..<length]))
            #expect(error != nil, "truncated to \(length) bytes read without error")
        }
    }

    @Test("bad magic at either end")
    func badMagic() throws {
        var tail = try Self.bytes()
        tail[tail.count - 1] = UInt8(ascii: "X")
        #expect(try Self.outcome(tail)?.description.contains("PAR1") == true)
        var head = try Self.bytes()
        head[0] = 0
        #expect(try Self.outcome(head)?.description.contains("PAR1") == true)
    }

    @Test("an encrypted footer is reported as unsupported")
    func encryptedFooter() throws {
        var bytes = try Self.bytes()
        bytes[bytes.count - 1] = UInt8(ascii: "E")
        let error = try #require(try Self.outcome(bytes))
        #expect(error.isUnsupported)
        #expect(error.description.contains("encrypted"), "\(error)")
    }

    @Test("footer length beyond the file", arguments: [UInt32.max, 1 << 30, 0])
    func footerLength(length: UInt32) throws {
        var bytes = try Self.bytes()
        let at = bytes.count - 8
        for index in 0..<4 { bytes[at + index] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(index))) }
        let error = try #require(try Self.outcome(bytes))
        #expect(error.isCorrupt)
        #expect(error.description.contains("footer length"), "\(error)")
    }

    @Test("garbage page headers", arguments: [0x00, 0xFF, 0x15, 0x7F] as [UInt8])
    func garbagePageHeader(fill: UInt8) throws {
        var bytes = try Self.bytes()
        for index in 4..<40 { bytes[index] = fill }
        let error = try #require(try Self.outcome(bytes))
        #expect(error.isCorrupt)
        #expect(error.column == "id", "\(error)")
    }

    @Test("1,000 seeded random byte flips end in an error or rows", .timeLimit(.minutes(2)))
    func randomFlips() throws {
        var random = SplitMix64(seed: 0x5EED_1600)
        let files = ["rows-snappy-dict-v2.parquet", "rows-gzip-plain-v1.parquet", "rows-zstd-dict-v1.parquet", "rows-none-plain-v2.parquet"]
        let originals = try files.map { try Self.bytes($0) }
        var errors = 0
        for round in 0..<1000 {
            var bytes = originals[round % originals.count]
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let index = Int(random.next() % UInt64(bytes.count))
                bytes[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
            if try Self.outcome(bytes) != nil { errors += 1 }
        }
        // Most flips land in text or values and still read; many must be caught.
        #expect(errors > 50)
    }
}

/// A tiny deterministic generator, so a failing flip can be replayed.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
