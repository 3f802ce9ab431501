@testable import HinboxParquet
import Testing

@Suite("Thrift compact protocol")
struct ThriftCompactReaderTests {
    /// A struct { 1: list<bool> [true, false, true], 2: i32 7, 3: map<string, bool> {"a": true} }.
    static let bytes: [UInt8] = [0x19, 0x31, 0x01, 0x02, 0x01, 0x15, 0x0E, 0x1B, 0x01, 0x81, 0x01, 0x61, 0x01, 0x00]

    @Test("booleans inside lists and maps take one byte each, so skipping them lands on the next field")
    func skipBooleanCollections() throws {
        var reader = ThriftCompactReader(ByteCursor(Self.bytes))
        var seen: [Int16: Int32] = [:]
        try reader.readStruct { reader, id, type in
            if id == 2 { seen[id] = try reader.int32(type) } else { try reader.skip(type) }
        }
        #expect(seen == [2: 7])
        #expect(reader.cursor.isAtEnd)
    }

    @Test("reading a list of booleans")
    func readBooleans() throws {
        var reader = ThriftCompactReader(ByteCursor(Self.bytes))
        var flags: [Bool] = []
        try reader.readStruct { reader, id, type in
            if id == 1 { try reader.readList { reader, element in flags.append(try reader.bool(element)) } } else { try reader.skip(type) }
        }
        #expect(flags == [true, false, true])
    }

    @Test("nesting beyond the limit and lengths beyond the data are errors", arguments: [
        [UInt8](repeating: 0x1C, count: 200),  // struct in struct in struct…
        [0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],  // a binary field of 4 GB
        [0x19, 0xF8, 0xFF, 0xFF, 0x7F],  // a list of 2^28 structs
    ])
    func hostile(bytes: [UInt8]) {
        var reader = ThriftCompactReader(ByteCursor(bytes))
        #expect(throws: ParquetError.self) { try reader.readStruct { reader, _, type in try reader.skip(type) } }
    }
}
