// Decoding of the footer's FileMetaData (parquet.thrift) from the Thrift compact protocol.
// Field ids are those of parquet-format's parquet.thrift; fields the reader does not need are skipped.

extension ParquetMetadata {
    /// Decodes a footer and flattens its schema into leaf columns.
    static func decode(_ bytes: [UInt8]) throws -> ParquetMetadata {
        var reader = ThriftCompactReader(ByteCursor(bytes))
        var schema: [SchemaElement] = []
        var rowGroups: [RowGroup] = []
        var rowCount: Int64 = 0
        var encrypted = false
        try reader.readStruct { reader, id, type in
            switch id {
            case 2: try reader.readList { reader, _ in schema.append(try Self.schemaElement(&reader)) }
            case 3: rowCount = try reader.int64(type)
            case 4: try reader.readList { reader, _ in rowGroups.append(try Self.rowGroup(&reader)) }
            case 8: encrypted = true; try reader.skip(type)
            default: try reader.skip(type)
            }
        }
        if encrypted { throw ParquetError.unsupported("encryption (encrypted columns with a plaintext footer)") }
        let columns = try flatten(schema)
        for (index, group) in rowGroups.enumerated() where group.chunks.count != columns.count {
            throw ParquetError.corrupt("row group \(index) has \(group.chunks.count) column chunks for \(columns.count) columns")
        }
        guard rowCount >= 0 else { throw ParquetError.corrupt("negative row count \(rowCount)") }
        return ParquetMetadata(columns: columns, rowGroups: rowGroups, rowCount: rowCount)
    }

    // MARK: - Schema

    private static func schemaElement(_ reader: inout ThriftCompactReader) throws -> SchemaElement {
        var element = SchemaElement()
        try reader.readStruct { reader, id, type in
            switch id {
            case 1: element.type = try reader.int32(type)
            case 2: element.typeLength = try reader.int32(type)
            case 3: element.repetition = try reader.int32(type)
            case 4: element.name = try reader.string(type)
            case 5: element.childCount = try reader.int32(type)
            case 6: element.convertedType = try reader.int32(type)
            case 10: element.logical = try logicalType(&reader)
            default: try reader.skip(type)
            }
        }
        return element
    }

    private static func logicalType(_ reader: inout ThriftCompactReader) throws -> LogicalType? {
        var result: LogicalType?
        try reader.readStruct { reader, id, type in
            switch id {
            case 1, 4, 12: result = .string; try reader.skip(type)  // STRING, ENUM, JSON
            case 6: result = .date; try reader.skip(type)
            case 8:
                var unit = ParquetTimestamp.Unit.millis
                try reader.readStruct { reader, id, type in
                    guard id == 2 else { return try reader.skip(type) }
                    try reader.readStruct { reader, id, type in
                        unit = id == 3 ? .nanos : id == 2 ? .micros : .millis
                        try reader.skip(type)
                    }
                }
                result = .timestamp(unit)
            default: result = .other(id); try reader.skip(type)
            }
        }
        return result
    }

    /// Walks the schema tree (depth first, as Parquet stores it) and returns its leaves in order.
    static func flatten(_ elements: [SchemaElement]) throws -> [ParquetColumn] {
        guard let root = elements.first else { throw ParquetError.corrupt("the schema is empty") }
        var columns: [ParquetColumn] = []
        var next = 1
        func visit(_ element: SchemaElement, path: [String], nested: Bool, repeated: Bool) throws {
            guard path.count < 64 else { throw ParquetError.corrupt("the schema is nested deeper than 64 levels") }
            let name = (path + [element.name]).joined(separator: ".")
            if element.childCount > 0 {
                for _ in 0..<element.childCount {
                    guard next < elements.count else { throw ParquetError.corrupt("the schema declares more children than it has elements") }
                    let child = elements[next]
                    next += 1
                    try visit(child, path: path + [element.name], nested: true, repeated: repeated || element.repetition == 2)
                }
                return
            }
            var column = leaf(element, name: name)
            if nested || repeated || element.repetition == 2 {
                column.kind = .unsupported(element.repetition == 2 || repeated ? "a repeated (list) column" : "a nested (group) column")
            }
            columns.append(column)
        }
        guard root.childCount >= 0, Int(root.childCount) < elements.count else {
            throw ParquetError.corrupt("the schema root declares \(root.childCount) children but has \(elements.count - 1) elements")
        }
        for _ in 0..<root.childCount {
            guard next < elements.count else { throw ParquetError.corrupt("the schema declares more children than it has elements") }
            let child = elements[next]
            next += 1
            try visit(child, path: [], nested: false, repeated: false)
        }
        return columns
    }

    private static func leaf(_ element: SchemaElement, name: String) -> ParquetColumn {
        let physical = element.type ?? -1
        let kind: ParquetColumn.Kind
        switch (physical, element.logical, element.convertedType) {
        case (6, .string?, _), (6, nil, 0?), (6, nil, 4?), (6, nil, 19?): kind = .string  // UTF8, ENUM, JSON
        case (6, .other(let id)?, _): kind = .unsupported("a BYTE_ARRAY with logical type #\(id)")
        case (6, _, _): kind = .bytes
        case (1, .date?, _), (1, nil, 6?): kind = .date
        case (1, .timestamp(let unit)?, _), (2, .timestamp(let unit)?, _): kind = .timestamp(unit)
        case (2, nil, 9?): kind = .timestamp(.millis)
        case (2, nil, 10?): kind = .timestamp(.micros)
        case (1, _, 5?), (2, _, 5?): kind = .unsupported("DECIMAL values")
        case (1, _, _): kind = .int32
        case (2, _, _): kind = .int64
        case (0, _, _): kind = .boolean
        case (4, _, _): kind = .float
        case (5, _, _): kind = .double
        case (3, _, _): kind = .timestamp(.nanos)  // INT96: Spark's and Impala's legacy timestamps
        case (7, _, _): kind = .unsupported("FIXED_LEN_BYTE_ARRAY values")
        default: kind = .unsupported("physical type #\(physical)")
        }
        return ParquetColumn(name: name, kind: kind, isOptional: element.repetition == 1,
                             physicalType: physical, typeLength: element.typeLength)
    }

    // MARK: - Row groups

    private static func rowGroup(_ reader: inout ThriftCompactReader) throws -> RowGroup {
        var group = RowGroup(rowCount: 0, chunks: [])
        try reader.readStruct { reader, id, type in
            switch id {
            case 1: try reader.readList { reader, _ in group.chunks.append(try columnChunk(&reader)) }
            case 3: group.rowCount = try reader.int64(type)
            default: try reader.skip(type)
            }
        }
        guard group.rowCount >= 0 else { throw ParquetError.corrupt("negative row count \(group.rowCount) in a row group") }
        return group
    }

    private static func columnChunk(_ reader: inout ThriftCompactReader) throws -> ColumnChunk {
        var chunk = ColumnChunk()
        try reader.readStruct { reader, id, type in
            switch id {
            case 1: chunk.filePath = try reader.string(type)
            case 3:
                try reader.readStruct { reader, id, type in
                    switch id {
                    case 4: chunk.codec = try reader.int32(type)
                    case 5: chunk.valueCount = try reader.int64(type)
                    case 7: chunk.compressedSize = try reader.int64(type)
                    case 9: chunk.dataPageOffset = try reader.int64(type)
                    case 11: chunk.dictionaryPageOffset = try reader.int64(type)
                    default: try reader.skip(type)
                    }
                }
            case 8, 9: chunk.isEncrypted = true; try reader.skip(type)
            default: try reader.skip(type)
            }
        }
        return chunk
    }
}
