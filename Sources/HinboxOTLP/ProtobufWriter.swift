/// A minimal protobuf wire-format writer: just what OTLP `ExportTraceServiceRequest` needs.
///
/// Wire types (protobuf encoding spec): 0 = varint, 1 = 64-bit, 2 = length-delimited.
/// Nested messages are written with ``message(_:_:)``, which encodes the body into a scratch
/// writer first so its length prefix is known.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    init() {}

    /// Appends a field key: `(field << 3) | wireType`.
    mutating func tag(_ field: Int, wireType: UInt8) {
        varint(UInt64(field) << 3 | UInt64(wireType))
    }

    /// Appends a base-128 varint.
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A varint field (enums, bools, int64 in two's complement).
    mutating func varintField(_ field: Int, _ value: UInt64) {
        tag(field, wireType: 0)
        varint(value)
    }

    /// A `fixed64` field, little-endian.
    mutating func fixed64Field(_ field: Int, _ value: UInt64) {
        tag(field, wireType: 1)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A `double` field (IEEE-754, little-endian, wire type 1).
    mutating func doubleField(_ field: Int, _ value: Double) {
        fixed64Field(field, value.bitPattern)
    }

    /// A `bytes` field.
    mutating func bytesField(_ field: Int, _ value: some Collection<UInt8>) {
        tag(field, wireType: 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `string` field (UTF-8).
    mutating func stringField(_ field: Int, _ value: String) {
        bytesField(field, Array(value.utf8))
    }

    /// An embedded message field.
    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        build(&nested)
        bytesField(field, nested.bytes)
    }
}
