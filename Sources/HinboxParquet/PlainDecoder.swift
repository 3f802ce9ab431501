/// Decodes PLAIN-encoded values of one column's physical type.
struct PlainDecoder {
    let column: ParquetColumn

    func decode(_ cursor: inout ByteCursor, count: Int) throws -> [ParquetValue] {
        if case .unsupported(let reason) = column.kind { throw ParquetError.unsupported(reason) }
        var values: [ParquetValue] = []
        // Each value takes at least one bit, so a count the bytes cannot hold is corrupt; no huge reservation.
        guard count <= cursor.remaining * 8 else { throw ParquetError.corrupt("\(count) values in \(cursor.remaining) bytes") }
        values.reserveCapacity(count)
        switch column.physicalType {
        case 0:
            let range = try cursor.take((count + 7) / 8, what: "booleans")
            for index in 0..<count {
                values.append(.boolean(cursor.bytes[range.lowerBound + index / 8] >> UInt8(index % 8) & 1 == 1))
            }
        case 1:
            for _ in 0..<count {
                let raw = Int32(bitPattern: try cursor.uint32LE())
                switch column.kind {
                case .date: values.append(.date(raw))
                case .timestamp(let unit): values.append(.timestamp(ParquetTimestamp(value: Int64(raw), unit: unit)))
                default: values.append(.int32(raw))
                }
            }
        case 2:
            for _ in 0..<count {
                let raw = Int64(bitPattern: try cursor.uint64LE())
                if case .timestamp(let unit) = column.kind {
                    values.append(.timestamp(ParquetTimestamp(value: raw, unit: unit)))
                } else {
                    values.append(.int64(raw))
                }
            }
        case 3:
            // INT96: nanoseconds within the day, then the Julian day number (2440588 = 1970-01-01).
            for _ in 0..<count {
                let nanos = Int64(bitPattern: try cursor.uint64LE())
                let julianDay = Int64(try cursor.uint32LE())
                let (dayNanos, overflow) = (julianDay - 2_440_588).multipliedReportingOverflow(by: 86_400_000_000_000)
                let (value, overflowSum) = dayNanos.addingReportingOverflow(nanos)
                guard !overflow, !overflowSum else { throw ParquetError.corrupt("INT96 timestamp out of range (Julian day \(julianDay))") }
                values.append(.timestamp(ParquetTimestamp(value: value, unit: .nanos)))
            }
        case 4:
            for _ in 0..<count { values.append(.float(Float(bitPattern: try cursor.uint32LE()))) }
        case 5:
            for _ in 0..<count { values.append(.double(Double(bitPattern: try cursor.uint64LE()))) }
        case 6:
            let text = column.kind == .string
            for _ in 0..<count {
                let length = Int(try cursor.uint32LE())
                let range = try cursor.take(length, what: "byte array")
                let slice = cursor.bytes[range]
                values.append(text ? .string(String(decoding: slice, as: UTF8.self)) : .bytes(Array(slice)))
            }
        default:
            throw ParquetError.unsupported("physical type #\(column.physicalType)")
        }
        return values
    }
}
