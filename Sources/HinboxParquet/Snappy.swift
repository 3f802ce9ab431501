/// A Snappy block decoder (the raw format Parquet uses, without framing).
///
/// Written here because no Snappy library is in the package mirror and the format is small.
/// Every literal and copy is checked against the input left and the declared output length.
enum Snappy {
    static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int) throws -> [UInt8] {
        var cursor = ByteCursor(Array(input))
        let declared = try cursor.varint()
        guard declared == UInt64(expectedSize) else {
            throw ParquetError.corrupt("Snappy data declares \(declared) bytes but the page header says \(expectedSize)")
        }
        // A 3-byte copy yields at most 64 bytes, so Snappy expands less than 22:1; more is a damaged header.
        guard expectedSize <= input.count * 22 + 64 else {
            throw ParquetError.corrupt("Snappy data of \(input.count) bytes cannot hold the \(expectedSize) bytes declared")
        }
        var output: [UInt8] = []
        output.reserveCapacity(expectedSize)
        while !cursor.isAtEnd {
            let tag = try cursor.byte()
            switch tag & 3 {
            case 0:
                var length = Int(tag >> 2)
                if length >= 60 {
                    let extra = length - 59
                    let range = try cursor.take(extra, what: "Snappy literal length")
                    length = 0
                    for index in range.reversed() { length = length << 8 | Int(cursor.bytes[index]) }
                }
                length += 1
                guard length <= expectedSize - output.count else { throw overflow(expectedSize) }
                let range = try cursor.take(length, what: "Snappy literal")
                output.append(contentsOf: cursor.bytes[range])
            case 1:
                let length = 4 + Int((tag >> 2) & 7)
                let offset = Int(tag >> 5) << 8 | Int(try cursor.byte())
                try copy(&output, offset: offset, length: length, limit: expectedSize)
            case 2:
                let length = 1 + Int(tag >> 2)
                let range = try cursor.take(2, what: "Snappy copy offset")
                let offset = Int(cursor.bytes[range.lowerBound]) | Int(cursor.bytes[range.lowerBound + 1]) << 8
                try copy(&output, offset: offset, length: length, limit: expectedSize)
            default:
                let length = 1 + Int(tag >> 2)
                let offset = Int(try cursor.uint32LE())
                try copy(&output, offset: offset, length: length, limit: expectedSize)
            }
        }
        guard output.count == expectedSize else {
            throw ParquetError.corrupt("Snappy data decoded to \(output.count) bytes, expected \(expectedSize)")
        }
        return output
    }

    private static func copy(_ output: inout [UInt8], offset: Int, length: Int, limit: Int) throws {
        guard offset > 0, offset <= output.count else { throw ParquetError.corrupt("Snappy copy from offset \(offset) with \(output.count) bytes decoded") }
        guard length <= limit - output.count else { throw overflow(limit) }
        let start = output.count - offset
        // Copies may overlap their own output (a run), so go byte by byte.
        for index in 0..<length { output.append(output[start + index]) }
    }

    private static func overflow(_ limit: Int) -> ParquetError {
        ParquetError.corrupt("Snappy data decodes to more than the \(limit) bytes the page header says")
    }
}
