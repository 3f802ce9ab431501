import HinboxTesting
import Testing

@testable import HinboxOTLP

/// The protobuf writer and reader on generated messages, and the reader on broken ones against a
/// plain reference decoder: same fields or the same refusal, never a crash.
@Suite("Protobuf writer and reader, randomised")
struct ProtobufRandomisedTests {
    typealias Field = ProtobufReference.Field

    static func reference(_ bytes: [UInt8]) -> [Field]? { ProtobufReference.decode(bytes) }

    static func read(_ bytes: [UInt8]) -> [Field]? { ProtobufReference.read(bytes[...]) }

    /// Writes random fields (nested messages up to three deep) into `writer`; returns them.
    static func write(_ random: inout SplitMix64, depth: Int = 0, into writer: inout ProtobufWriter) -> [Field] {
        var fields: [Field] = []
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            let number = [1, 2, 15, 16, 2047, 2048, 536_870_911].randomElement(using: &random)!
            let value = UInt64.random(in: 0...UInt64.max, using: &random) >> UInt64.random(in: 0...63, using: &random)
            switch Int.random(in: 0...(depth < 3 ? 3 : 2), using: &random) {
            case 0:
                writer.varintField(number, value)
                fields.append(.varint(number, value))
            case 1:
                writer.fixed64Field(number, value)
                fields.append(.fixed64(number, value))
            case 2:
                let payload = (0..<Int.random(in: 0...140, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                writer.bytesField(number, payload)
                fields.append(.bytes(number, payload))
            default:
                var nestedBytes: [UInt8] = []
                writer.message(number) { nested in
                    _ = write(&random, depth: depth + 1, into: &nested)
                    nestedBytes = nested.bytes
                }
                fields.append(.bytes(number, nestedBytes))
            }
        }
        return fields
    }

    @Test("20,000 messages read back as written; 20,000 mutations read as the reference reads them")
    func roundTripAndMutations() {
        var random = SplitMix64(seed: 0x0710_B0F5)
        var failures = 0
        var refused = 0
        for index in 0..<20_000 where failures < 5 {
            var writer = ProtobufWriter()
            let fields = Self.write(&random, into: &writer)
            let bytes = writer.bytes
            if Self.read(bytes) != fields || Self.reference(bytes) != fields {
                failures += 1
                Issue.record("#\(index): \(bytes) wrote \(fields), read \(String(describing: Self.read(bytes)))")
            }
            var broken = bytes
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0...broken.count, using: &random)
                switch Int.random(in: 0...3, using: &random) {
                case 0: if at < broken.count { broken.remove(at: at) }
                case 1: broken.insert(UInt8.random(in: 0...255, using: &random), at: at)
                case 2: if at < broken.count { broken[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random) }
                default: broken.removeSubrange(at...)
                }
            }
            let expected = Self.reference(broken)
            if expected == nil { refused += 1 }
            if Self.read(broken) != expected {
                failures += 1
                Issue.record("#\(index): \(broken) reference \(String(describing: expected)), reader \(String(describing: Self.read(broken)))")
            }
            _ = OTLPSpool.spanCount(of: broken)
        }
        #expect(refused > 2_000, "only \(refused) mutations were refused")
    }
}
