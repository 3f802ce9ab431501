/// A page header (parquet.thrift `PageHeader`) with the parts the reader uses.
struct PageHeader: Sendable {
    enum Kind: Int32 {
        case dataV1 = 0, index = 1, dictionary = 2, dataV2 = 3
    }

    var type: Int32 = -1
    var uncompressedSize: Int32 = -1
    var compressedSize: Int32 = -1
    var valueCount: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = 3
    // Data page v2 only.
    var nullCount: Int32 = 0
    var definitionLevelsLength: Int32 = 0
    var repetitionLevelsLength: Int32 = 0
    var isCompressed = true

    var kind: Kind? { Kind(rawValue: type) }

    /// Decodes a header at the cursor's position and leaves the cursor just after it.
    static func decode(_ cursor: inout ByteCursor) throws -> PageHeader {
        var header = PageHeader()
        var reader = ThriftCompactReader(cursor)
        try reader.readStruct { reader, id, type in
            switch id {
            case 1: header.type = try reader.int32(type)
            case 2: header.uncompressedSize = try reader.int32(type)
            case 3: header.compressedSize = try reader.int32(type)
            case 5, 7:  // DataPageHeader, DictionaryPageHeader
                try reader.readStruct { reader, id, type in
                    switch id {
                    case 1: header.valueCount = try reader.int32(type)
                    case 2: header.encoding = try reader.int32(type)
                    case 3 where header.type == 0: header.definitionLevelEncoding = try reader.int32(type)
                    default: try reader.skip(type)
                    }
                }
            case 8:  // DataPageHeaderV2
                try reader.readStruct { reader, id, type in
                    switch id {
                    case 1: header.valueCount = try reader.int32(type)
                    case 2: header.nullCount = try reader.int32(type)
                    case 4: header.encoding = try reader.int32(type)
                    case 5: header.definitionLevelsLength = try reader.int32(type)
                    case 6: header.repetitionLevelsLength = try reader.int32(type)
                    case 7: header.isCompressed = try reader.bool(type)
                    default: try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
        cursor = reader.cursor
        guard header.compressedSize >= 0, header.uncompressedSize >= 0 else {
            throw ParquetError.corrupt("page header with size \(header.compressedSize)/\(header.uncompressedSize)")
        }
        guard header.valueCount >= 0, header.nullCount >= 0, header.definitionLevelsLength >= 0, header.repetitionLevelsLength >= 0 else {
            throw ParquetError.corrupt("page header with a negative count or length")
        }
        return header
    }

    /// The name of an `Encoding` enum value, for messages.
    static func encodingName(_ raw: Int32) -> String {
        switch raw {
        case 0: return "PLAIN"
        case 2: return "PLAIN_DICTIONARY"
        case 3: return "RLE"
        case 4: return "BIT_PACKED"
        case 5: return "DELTA_BINARY_PACKED"
        case 6: return "DELTA_LENGTH_BYTE_ARRAY"
        case 7: return "DELTA_BYTE_ARRAY"
        case 8: return "RLE_DICTIONARY"
        case 9: return "BYTE_STREAM_SPLIT"
        default: return "encoding #\(raw)"
        }
    }
}
