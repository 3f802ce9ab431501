/// A bounds-checked reader over a byte buffer: every read checks what remains first and throws
/// ``ParquetError/corrupt(_:)`` instead of trapping, so damaged input can never crash the process.
struct ByteCursor {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.position = max(0, min(start, bytes.count))
        self.end = max(position, min(end ?? bytes.count, bytes.count))
    }

    var remaining: Int { end - position }
    var isAtEnd: Bool { position >= end }

    mutating func byte() throws -> UInt8 {
        guard position < end else { throw ParquetError.corrupt("unexpected end of data") }
        defer { position += 1 }
        return bytes[position]
    }

    /// `count` bytes as a range into ``bytes``, checked against what remains.
    mutating func take(_ count: Int, what: String = "value") throws -> Range<Int> {
        guard count >= 0, count <= remaining else {
            throw ParquetError.corrupt("\(what) of \(count) bytes, but only \(remaining) remain")
        }
        defer { position += count }
        return position..<(position + count)
    }

    mutating func skip(_ count: Int) throws { _ = try take(count) }

    mutating func uint32LE() throws -> UInt32 {
        let range = try take(4)
        var value: UInt32 = 0
        for index in range.reversed() { value = value << 8 | UInt32(bytes[index]) }
        return value
    }

    mutating func uint64LE() throws -> UInt64 {
        let range = try take(8)
        var value: UInt64 = 0
        for index in range.reversed() { value = value << 8 | UInt64(bytes[index]) }
        return value
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw ParquetError.corrupt("varint longer than 10 bytes") }
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A zigzag-encoded signed varint.
    mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }
}
