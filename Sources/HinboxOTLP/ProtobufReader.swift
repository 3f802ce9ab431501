/// A minimal protobuf reader: walks the fields of one message. Used to count spans in spool files.
struct ProtobufReader {
    /// One decoded field: its number and, for length-delimited fields, the payload.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// The next field, `nil` at the end; throws on malformed input.
    mutating func next() throws(ProtobufReaderError) -> (field: Int, value: Value)? {
        guard index < bytes.endIndex else { return nil }
        let key = try readVarint()
        let field = Int(key >> 3)
        switch key & 7 {
        case 0: return (field, .varint(try readVarint()))
        case 1: return (field, .fixed64(UInt64(littleEndianBytes: try take(8))))
        case 5: return (field, .fixed32(UInt32(truncatingIfNeeded: UInt64(littleEndianBytes: try take(4)))))
        case 2:
            let length = try readVarint()
            guard length <= UInt64(bytes.endIndex - index) else { throw ProtobufReaderError() }
            return (field, .bytes(try take(Int(length))))
        default: throw ProtobufReaderError()
        }
    }

    private mutating func readVarint() throws(ProtobufReaderError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw ProtobufReaderError()
    }

    private mutating func take(_ count: Int) throws(ProtobufReaderError) -> ArraySlice<UInt8> {
        guard count <= bytes.endIndex - index else { throw ProtobufReaderError() }
        defer { index += count }
        return bytes[index..<index + count]
    }
}

/// Malformed protobuf input.
struct ProtobufReaderError: Error {}

extension UInt64 {
    init(littleEndianBytes bytes: ArraySlice<UInt8>) {
        var value: UInt64 = 0
        for (offset, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(offset)) }
        self = value
    }
}
