import Foundation
import HinboxParquet
import Testing

@Suite("Parquet reader: fixtures read back equal to their JSON twin")
struct ParquetReaderTests {
    @Test("every codec, plain and dictionary pages, data page v1 and v2", arguments: ParquetFixtures.rowFiles)
    func fixture(name: String) throws {
        let rows = try ParquetFixtures.readRows(ParquetFixtures.path(name))
        let expected = try ParquetFixtures.expectedRows()
        #expect(rows.count == expected.count)
        for (index, (row, want)) in zip(rows, expected).enumerated() {
            #expect(row == want, "row \(index) of \(name)")
        }
    }

    @Test("schema: kinds, optional columns and several row groups")
    func schema() throws {
        let reader = try ParquetReader(path: ParquetFixtures.path("rows-snappy-dict-v2.parquet"))
        #expect(reader.rowGroupCount == 3)
        #expect(reader.rowCount == 10)
        let kinds = Dictionary(uniqueKeysWithValues: reader.columns.map { ($0.name, $0.kind) })
        #expect(kinds["id"] == .string)
        #expect(kinds["views"] == .int64)
        #expect(kinds["ts_ms"] == .timestamp(.millis))
        #expect(kinds["ts_us"] == .timestamp(.micros))
        #expect(kinds["ts_ns"] == .timestamp(.nanos))
        #expect(kinds["day"] == .date)
        #expect(reader.columns.first { $0.name == "id" }?.isOptional == false)
        #expect(reader.columns.first { $0.name == "title" }?.isOptional == true)
    }

    @Test("only the asked-for columns are read")
    func columnSelection() throws {
        let rows = try ParquetFixtures.readRows(ParquetFixtures.path("rows-gzip-plain-v1.parquet"), columns: ["id", "content", "missing"])
        #expect(rows.count == 10)
        #expect(rows.allSatisfy { Set($0.keys) == ["id", "content"] })
        #expect(rows[4]["content"] == .some(nil))
    }

    @Test("a list column is ignored unless asked for, then named in the error")
    func nestedColumn() throws {
        let path = ParquetFixtures.path("nested-list.parquet")
        let rows = try ParquetFixtures.readRows(path, columns: ["id", "content"])
        #expect(rows.map { $0["content"] } == ["text a", "text b"])
        let error = try #require(throws: ParquetError.self) { try ParquetFixtures.readRows(path) }
        #expect(error.isUnsupported)
        #expect(error.column == "tags.list.element")
        #expect(error.description.contains("repeated"), "\(error)")
    }

    @Test("an unsupported codec names the column and the codec")
    func lz4() throws {
        let error = try #require(throws: ParquetError.self) { try ParquetFixtures.readRows(ParquetFixtures.path("lz4.parquet")) }
        #expect(error.isUnsupported)
        #expect(error.column == "id")
        #expect(error.description.contains("LZ4"), "\(error)")
    }

    @Test("an unsupported encoding names the column and the encoding")
    func deltaEncoding() throws {
        let path = ParquetFixtures.path("delta.parquet")
        #expect(try ParquetFixtures.readRows(path, columns: ["id"]).map { $0["id"] } == ["a", "b"])
        let error = try #require(throws: ParquetError.self) { try ParquetFixtures.readRows(path) }
        #expect(error.isUnsupported)
        #expect(error.column == "views")
        #expect(error.description.contains("DELTA_BINARY_PACKED"), "\(error)")
    }

    @Test("INT96 timestamps (Spark's legacy type) read as nanoseconds since the epoch")
    func int96() throws {
        let reader = try ParquetReader(path: ParquetFixtures.path("int96.parquet"))
        #expect(reader.columns.first { $0.name == "published_date" }?.kind == .timestamp(.nanos))
        let rows = try ParquetFixtures.readRows(ParquetFixtures.path("int96.parquet"))
        #expect(rows.map { $0["published_date"] } == ["1684367940000000123", .some(nil), "-86400000000000"])
    }

    @Test("an empty table (one row group of 0 rows) reads as no rows")
    func emptyTable() throws {
        #expect(try ParquetFixtures.readRows(ParquetFixtures.path("empty.parquet")).isEmpty)
    }
}
