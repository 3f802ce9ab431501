/// What a Parquet footer says: the flat list of leaf columns and where each row group's column
/// chunks are in the file.
struct ParquetMetadata: Sendable {
    var columns: [ParquetColumn]
    var rowGroups: [RowGroup]
    var rowCount: Int64

    struct RowGroup: Sendable {
        var rowCount: Int64
        var chunks: [ColumnChunk]
    }

    struct ColumnChunk: Sendable {
        var codec: Int32 = 0
        var valueCount: Int64 = 0
        var compressedSize: Int64 = 0
        var dataPageOffset: Int64 = -1
        var dictionaryPageOffset: Int64?
        /// Set when the chunk's data lives in another file.
        var filePath: String?
        var isEncrypted = false

        /// Where the chunk starts: its dictionary page when it has one before the data pages.
        var start: Int64 {
            if let dictionary = dictionaryPageOffset, dictionary > 0, dictionary < dataPageOffset { return dictionary }
            return dataPageOffset
        }
    }

    /// One `SchemaElement` of the footer, before the tree is flattened into columns.
    struct SchemaElement: Sendable {
        var type: Int32?
        var typeLength: Int32 = 0
        var repetition: Int32 = 0  // 0 REQUIRED, 1 OPTIONAL, 2 REPEATED
        var name = ""
        var childCount: Int32 = 0
        var convertedType: Int32?
        var logical: LogicalType?
    }

    /// The parts of Parquet's `LogicalType` union the reader distinguishes.
    enum LogicalType: Sendable, Hashable {
        case string, date, timestamp(ParquetTimestamp.Unit), other(Int16)
    }
}
