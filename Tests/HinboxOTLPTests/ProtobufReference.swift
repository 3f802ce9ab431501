#if canImport(HinboxOTLP)
@testable import HinboxOTLP
#endif

/// A plain reading of the protobuf wire format, the yardstick for ``ProtobufReader``.
///
/// Shared by ``ProtobufRandomisedTests`` and the libFuzzer target
/// `scripts/fuzz/protobuf_fuzz_target.swift`, which compiles this file together with the reader
/// (hence the conditional import).
enum ProtobufReference {
    /// One field as read: its number and value.
    enum Field: Equatable {
        case varint(Int, UInt64)
        case fixed64(Int, UInt64)
        case fixed32(Int, UInt64)
        case bytes(Int, [UInt8])
    }

    /// The fields of `bytes` (varints of at most ten bytes, bits past 64 dropped; wire types 0,
    /// 1, 2 and 5); `nil` for anything else or a truncation.
    static func decode(_ bytes: [UInt8]) -> [Field]? {
        var index = 0
        func varint() -> UInt64? {
            var result: UInt64 = 0
            for count in 0..<10 {
                guard index < bytes.count else { return nil }
                let byte = bytes[index]
                index += 1
                result |= UInt64(byte & 0x7F) << UInt64(7 * count)
                if byte < 0x80 { return result }
            }
            return nil
        }
        func littleEndian(_ width: Int) -> UInt64? {
            guard bytes.count - index >= width else { return nil }
            defer { index += width }
            return bytes[index..<index + width].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        var fields: [Field] = []
        while index < bytes.count {
            guard let key = varint() else { return nil }
            let number = Int(key >> 3)
            switch key & 7 {
            case 0:
                guard let value = varint() else { return nil }
                fields.append(.varint(number, value))
            case 1:
                guard let value = littleEndian(8) else { return nil }
                fields.append(.fixed64(number, value))
            case 5:
                guard let value = littleEndian(4) else { return nil }
                fields.append(.fixed32(number, value))
            case 2:
                guard let length = varint(), length <= UInt64(bytes.count - index) else { return nil }
                fields.append(.bytes(number, Array(bytes[index..<index + Int(length)])))
                index += Int(length)
            default:
                return nil
            }
        }
        return fields
    }

    /// What ``ProtobufReader`` reads from `bytes`, in the same terms; `nil` when it throws.
    static func read(_ bytes: ArraySlice<UInt8>) -> [Field]? {
        var reader = ProtobufReader(bytes)
        var fields: [Field] = []
        do {
            while let (number, value) = try reader.next() {
                switch value {
                case .varint(let value): fields.append(.varint(number, value))
                case .fixed64(let value): fields.append(.fixed64(number, value))
                case .fixed32(let value): fields.append(.fixed32(number, UInt64(value)))
                case .bytes(let payload): fields.append(.bytes(number, Array(payload)))
                }
            }
        } catch {
            return nil
        }
        return fields
    }
}
