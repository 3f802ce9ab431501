import Foundation

/// Reads flat Parquet files one row group at a time.
///
/// Opening reads only the footer; ``readRowGroup(_:columns:)`` then seeks to that row group's
/// column chunks and reads just those bytes, so memory stays near one row group's size however
/// large the file is. Damaged files throw ``ParquetError`` (never trap), and columns the reader
/// cannot decode throw only when they are asked for.
///
/// ```swift
/// let reader = try ParquetReader(path: "articles.parquet")
/// for index in 0..<reader.rowGroupCount {
///     let group = try reader.readRowGroup(index, columns: ["id", "content"])
///     print(group.rowCount, group["content"]?.first ?? nil)
/// }
/// ```
public final class ParquetReader {
    /// Limits that keep damaged files from asking for absurd amounts of memory.
    public struct Options: Sendable {
        /// The largest decompressed page accepted.
        public var maxPageBytes: Int = 512 * 1024 * 1024
        /// The most values one page may hold.
        public var maxPageValues: Int = 1 << 24

        /// The defaults: 512 MB pages, 16 M values per page.
        public init() {}

        /// The default limits.
        public static let `default` = Options()
    }

    /// The file's leaf columns, in schema order.
    public var columns: [ParquetColumn] { metadata.columns }
    /// The number of row groups.
    public var rowGroupCount: Int { metadata.rowGroups.count }
    /// The total number of rows the footer declares.
    public var rowCount: Int64 { metadata.rowCount }

    private let handle: FileHandle
    private let metadata: ParquetMetadata
    private let options: Options
    /// The bytes before the footer: where column chunks may lie.
    private let dataEnd: UInt64
    private let path: String

    /// Opens `path` and reads its footer.
    /// - Throws: ``ParquetError`` when the file cannot be read, is not Parquet or is damaged.
    public init(path: String, options: Options = .default) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ParquetError.io("cannot open \(path) for reading") }
        self.handle = handle
        self.options = options
        self.path = path
        do {
            let size = try handle.seekToEnd()
            guard size >= 12 else { throw ParquetError.corrupt("\(size) bytes is too small for a Parquet file (at least 12)") }
            let head = try Self.read(handle, at: 0, count: 4)
            let tail = try Self.read(handle, at: size - 8, count: 8)
            let magic = Array(tail[4..<8])
            if magic == Array("PARE".utf8) { throw ParquetError.unsupported("an encrypted footer (PARE)") }
            guard magic == Array("PAR1".utf8) else { throw ParquetError.corrupt("the file does not end in the Parquet magic PAR1") }
            guard head == Array("PAR1".utf8) else { throw ParquetError.corrupt("the file does not start with the Parquet magic PAR1") }
            let footerLength = UInt64(tail[0]) | UInt64(tail[1]) << 8 | UInt64(tail[2]) << 16 | UInt64(tail[3]) << 24
            guard footerLength > 0, footerLength <= size - 12 else {
                throw ParquetError.corrupt("footer length \(footerLength) beyond the file of \(size) bytes")
            }
            dataEnd = size - 8 - footerLength
            metadata = try ParquetMetadata.decode(try Self.read(handle, at: dataEnd, count: Int(footerLength)))
        } catch {
            try? handle.close()
            throw error
        }
    }

    deinit {
        try? handle.close()
    }

    /// The number of rows in row group `index`.
    public func rowCount(ofRowGroup index: Int) -> Int64 { metadata.rowGroups[index].rowCount }

    /// Reads the named columns (all when `names` is nil) of row group `index`.
    ///
    /// Names that are not columns are ignored; a named column the reader cannot decode throws.
    /// - Throws: ``ParquetError`` naming the column for damaged data or an unsupported feature.
    public func readRowGroup(_ index: Int, columns names: Set<String>? = nil) throws -> ParquetRowGroup {
        guard metadata.rowGroups.indices.contains(index) else { throw ParquetError.io("no row group \(index) in \(path)") }
        let group = metadata.rowGroups[index]
        guard group.rowCount <= Int64(Int32.max) else { throw ParquetError.corrupt("row group \(index) declares \(group.rowCount) rows") }
        let rows = Int(group.rowCount)
        var values: [String: [ParquetValue?]] = [:]
        for (column, chunk) in zip(metadata.columns, group.chunks) where names?.contains(column.name) ?? true {
            do {
                values[column.name] = try read(column, chunk, rows: rows)
            } catch let error as ParquetError {
                throw error.inColumn(column.name)
            }
        }
        return ParquetRowGroup(rowCount: rows, columns: values)
    }

    private func read(_ column: ParquetColumn, _ chunk: ParquetMetadata.ColumnChunk, rows: Int) throws -> [ParquetValue?] {
        if case .unsupported(let reason) = column.kind { throw ParquetError.unsupported(reason) }
        if chunk.isEncrypted { throw ParquetError.unsupported("column encryption") }
        if chunk.filePath != nil { throw ParquetError.unsupported("column data kept in another file") }
        guard [0, 1, 2, 6].contains(chunk.codec) else {
            throw ParquetError.unsupported("\(Decompressor.codecName(chunk.codec)) compression")
        }
        guard chunk.valueCount == Int64(rows) else {
            throw ParquetError.corrupt("\(chunk.valueCount) values for the row group's \(rows) rows")
        }
        // pyarrow writes an empty table as one row group of 0 rows whose chunks point nowhere.
        if rows == 0 { return [] }
        let start = chunk.start
        guard start >= 4, chunk.compressedSize > 0, UInt64(start) < dataEnd, UInt64(chunk.compressedSize) <= dataEnd - UInt64(start) else {
            throw ParquetError.corrupt("column chunk at \(start) of \(chunk.compressedSize) bytes lies outside the data (\(dataEnd) bytes)")
        }
        let bytes = try Self.read(handle, at: UInt64(start), count: Int(chunk.compressedSize))
        return try ColumnChunkDecoder(column: column, codec: chunk.codec, options: options).decode(bytes, valueCount: rows)
    }

    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int) throws -> [UInt8] {
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw ParquetError.corrupt("the file ended \(count - data.count) bytes early") }
            return [UInt8](data)
        } catch let error as ParquetError {
            throw error
        } catch {
            throw ParquetError.io("cannot read the file: \(error.localizedDescription)")
        }
    }
}

/// The decoded columns of one row group.
public struct ParquetRowGroup: Sendable {
    /// The number of rows; every column array has this many elements.
    public var rowCount: Int
    /// Column name → one value per row, `nil` for null.
    public var columns: [String: [ParquetValue?]]

    /// The values of column `name`, or nil when it was not read or does not exist.
    public subscript(name: String) -> [ParquetValue?]? { columns[name] }
}
