/// Decodes Parquet's RLE / bit-packed hybrid encoding (definition levels and dictionary indices).
///
/// Produces exactly `count` values or throws; runs longer than needed are cut, and a bit-packed
/// run's length is checked against the bytes left before anything is read.
enum RLEHybridDecoder {
    static func decode(_ cursor: inout ByteCursor, bitWidth: Int, count: Int) throws -> [UInt32] {
        guard (0...32).contains(bitWidth) else { throw ParquetError.corrupt("RLE bit width \(bitWidth)") }
        var values: [UInt32] = []
        values.reserveCapacity(count)
        let valueBytes = (bitWidth + 7) / 8
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        while values.count < count {
            let header = try cursor.varint()
            if header & 1 == 0 {
                // RLE run: one value repeated.
                let runLength = header >> 1
                guard runLength > 0 else { throw ParquetError.corrupt("empty RLE run") }
                let range = try cursor.take(valueBytes, what: "RLE value")
                var value: UInt32 = 0
                for index in range.reversed() { value = value << 8 | UInt32(cursor.bytes[index]) }
                guard UInt64(value) <= mask else { throw ParquetError.corrupt("RLE value \(value) wider than \(bitWidth) bits") }
                let take = Int(min(runLength, UInt64(count - values.count)))
                values.append(contentsOf: repeatElement(value, count: take))
            } else {
                // Bit-packed run: groups of 8 values, least significant bit first.
                let groups = header >> 1
                guard groups > 0, groups <= UInt64(cursor.remaining + 1) else {
                    throw ParquetError.corrupt("bit-packed run of \(groups) groups in \(cursor.remaining) bytes")
                }
                let byteCount = Int(groups) * bitWidth
                let range = try cursor.take(min(byteCount, cursor.remaining), what: "bit-packed run")
                let take = min(Int(groups) * 8, count - values.count)
                var bitPosition = 0
                for _ in 0..<take {
                    var value: UInt64 = 0
                    var read = 0
                    while read < bitWidth {
                        let byteIndex = range.lowerBound + (bitPosition >> 3)
                        // A final run may be cut short in the last page; missing bits read as zero.
                        let byte = byteIndex < range.upperBound ? UInt64(cursor.bytes[byteIndex]) : 0
                        let offset = bitPosition & 7
                        let bits = min(8 - offset, bitWidth - read)
                        value |= ((byte >> UInt64(offset)) & ((1 << UInt64(bits)) - 1)) << UInt64(read)
                        read += bits
                        bitPosition += bits
                    }
                    values.append(UInt32(value))
                }
            }
        }
        return values
    }
}
