/// A reader for the Thrift compact protocol, which Parquet uses for its footer and page headers.
///
/// Only what Parquet needs: structs, lists, integers, booleans, binary and skipping the rest.
/// Nesting is limited and every length is checked against the bytes that remain, so hostile
/// input fails with ``ParquetError/corrupt(_:)`` rather than recursing or allocating without end.
struct ThriftCompactReader {
    enum FieldType: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    var cursor: ByteCursor
    private var depth = 0
    private static let maxDepth = 32

    init(_ cursor: ByteCursor) {
        self.cursor = cursor
    }

    // MARK: - Structs and lists

    /// Reads one struct, handing each field to `field`, which must consume the value (or ``skip(_:)`` it).
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, FieldType) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw ParquetError.corrupt("metadata nested deeper than \(Self.maxDepth) levels") }
        var lastID: Int16 = 0
        while true {
            let header = try cursor.byte()
            let type = try Self.type(header & 0x0F)
            if type == .stop { return }
            let delta = Int16(header >> 4)
            if delta == 0 {
                let id = try cursor.zigzag()
                guard let narrow = Int16(exactly: id) else { throw ParquetError.corrupt("metadata field id \(id) out of range") }
                lastID = narrow
            } else {
                lastID = lastID &+ delta
            }
            try field(&self, lastID, type)
        }
    }

    /// Reads a list (or set), handing each element's type to `element`, which must consume it.
    mutating func readList(_ element: (inout ThriftCompactReader, FieldType) throws -> Void) throws {
        let header = try cursor.byte()
        var count = Int(header >> 4)
        if count == 15 { count = try boundedCount(cursor.varint()) }
        let type = try Self.elementType(header & 0x0F)
        // Every element takes at least one byte (booleans too), so a count beyond the bytes left is corrupt.
        guard count <= cursor.remaining else { throw ParquetError.corrupt("metadata list of \(count) elements in \(cursor.remaining) bytes") }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw ParquetError.corrupt("metadata nested deeper than \(Self.maxDepth) levels") }
        for _ in 0..<count { try element(&self, type) }
    }

    // MARK: - Scalars

    mutating func bool(_ type: FieldType) throws -> Bool {
        switch type {
        case .boolTrue: return true
        case .boolFalse: return false
        case .byte: return try cursor.byte() == 1  // a list element
        default: throw mismatch(type, expected: "bool")
        }
    }

    mutating func int32(_ type: FieldType) throws -> Int32 {
        switch type {
        case .byte: return Int32(Int8(bitPattern: try cursor.byte()))
        case .i16, .i32:
            let value = try cursor.zigzag()
            guard let narrow = Int32(exactly: value) else { throw ParquetError.corrupt("metadata integer \(value) out of range") }
            return narrow
        default: throw mismatch(type, expected: "i32")
        }
    }

    mutating func int64(_ type: FieldType) throws -> Int64 {
        switch type {
        case .byte, .i16, .i32: return Int64(try int32(type))
        case .i64: return try cursor.zigzag()
        default: throw mismatch(type, expected: "i64")
        }
    }

    mutating func binary(_ type: FieldType) throws -> Range<Int> {
        guard type == .binary else { throw mismatch(type, expected: "binary") }
        let length = try boundedCount(cursor.varint())
        return try cursor.take(length, what: "metadata string")
    }

    mutating func string(_ type: FieldType) throws -> String {
        let range = try binary(type)
        return String(decoding: cursor.bytes[range], as: UTF8.self)
    }

    /// Skips a value of any type, including nested structs, lists and maps.
    mutating func skip(_ type: FieldType) throws {
        switch type {
        case .stop: throw ParquetError.corrupt("unexpected stop field in metadata")
        case .boolTrue, .boolFalse: return
        case .byte: try cursor.skip(1)
        case .i16, .i32, .i64: _ = try cursor.varint()
        case .double: try cursor.skip(8)
        case .binary: _ = try binary(type)
        case .list, .set: try readList { reader, element in try reader.skip(element) }
        case .structure: try readStruct { reader, _, field in try reader.skip(field) }
        case .map:
            let count = try boundedCount(cursor.varint())
            guard count > 0 else { return }
            let types = try cursor.byte()
            let key = try Self.elementType(types >> 4), value = try Self.elementType(types & 0x0F)
            guard count <= cursor.remaining else { throw ParquetError.corrupt("metadata map of \(count) entries in \(cursor.remaining) bytes") }
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw ParquetError.corrupt("metadata nested deeper than \(Self.maxDepth) levels") }
            for _ in 0..<count {
                try skip(key)
                try skip(value)
            }
        }
    }

    // MARK: - Helpers

    private static func type(_ raw: UInt8) throws -> FieldType {
        guard let type = FieldType(rawValue: raw) else { throw ParquetError.corrupt("unknown metadata field type \(raw)") }
        return type
    }

    /// The type of list, set and map elements: booleans there are one byte each, not folded into the header.
    private static func elementType(_ raw: UInt8) throws -> FieldType {
        let type = try type(raw)
        return type == .boolTrue || type == .boolFalse ? .byte : type
    }

    private func boundedCount(_ raw: UInt64) throws -> Int {
        guard raw <= UInt64(cursor.remaining) else { throw ParquetError.corrupt("metadata length \(raw) beyond the \(cursor.remaining) bytes left") }
        return Int(raw)
    }

    private func mismatch(_ type: FieldType, expected: String) -> ParquetError {
        ParquetError.corrupt("metadata field of type \(type) where \(expected) was expected")
    }
}
