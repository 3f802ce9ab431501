import Foundation
import GRDB
import HinboxCore

/// Hand-written reads of the JSON text columns, for the records' `init(row:)`: GRDB's Codable
/// path looks every column up by a lowercased name and runs `JSONDecoder` per array, which was
/// the largest cost of a `hinbox serve` list page after rendering (perf).
extension Row {
    /// A JSON array of strings (`tags`, `sources`), read with hinbox's own JSON parser.
    func strings(_ column: String, table: String) throws -> [String] {
        let text: String = try decode(forColumn: column)
        if text == "[]" { return [] }
        guard let items = JSONValue.parse(text)?.arrayValue else {
            throw StoreError.corruptValue(table: table, id: "?", column: column, value: text)
        }
        return try items.map { item in
            guard let string = item.stringValue else {
                throw StoreError.corruptValue(table: table, id: "?", column: column, value: text)
            }
            return string
        }
    }

    /// A JSON value of a Codable type (a version's `grounding`), or nil for NULL,
    /// decoded as `Record`'s Codable conformance would (its `databaseJSONDecoder`).
    func json<Value: Decodable, Record: FetchableRecord>(_ type: Value.Type, _ column: String, of record: Record.Type) throws -> Value? {
        guard let text: String = try decode(forColumn: column) else { return nil }
        return try Record.databaseJSONDecoder(for: column).decode(Value.self, from: Data(text.utf8))
    }
}
