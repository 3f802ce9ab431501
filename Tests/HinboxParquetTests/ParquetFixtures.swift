import Foundation
import HinboxParquet

/// Paths of the committed fixtures (made by scripts/parquet_fixtures.py) and helpers to read them.
enum ParquetFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/parquet")

    /// Every codec × plain/dictionary × data page v1/v2.
    static let rowFiles: [String] = ["none", "snappy", "gzip", "zstd"].flatMap { codec in
        ["plain", "dict"].flatMap { encoding in ["v1", "v2"].map { "rows-\(codec)-\(encoding)-\($0).parquet" } }
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The JSON twin: one object per row, every value a string or null.
    static func expectedRows() throws -> [[String: String?]] {
        let data = try Data(contentsOf: directory.appendingPathComponent("rows.json"))
        let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return rows.map { row in row.mapValues { $0 as? String } }
    }

    /// All rows of a file, rendered like the JSON twin.
    static func readRows(_ path: String, columns: Set<String>? = nil) throws -> [[String: String?]] {
        let reader = try ParquetReader(path: path)
        var rows: [[String: String?]] = []
        for index in 0..<reader.rowGroupCount {
            let group = try reader.readRowGroup(index, columns: columns)
            for row in 0..<group.rowCount {
                rows.append(group.columns.mapValues { render($0[row]) })
            }
        }
        return rows
    }

    static func render(_ value: ParquetValue?) -> String? {
        switch value {
        case nil: return nil
        case .string(let text)?: return text
        case .bytes(let bytes)?: return bytes.map { String($0) }.joined(separator: ",")
        case .boolean(let flag)?: return flag ? "true" : "false"
        case .int32(let number)?: return String(number)
        case .int64(let number)?: return String(number)
        case .float(let number)?: return String(number)
        case .double(let number)?: return String(number)
        case .timestamp(let stamp)?: return String(stamp.value)
        case .date(let days)?: return String(days)
        }
    }

    /// A fresh temporary file holding `bytes`.
    static func temporaryFile(_ bytes: [UInt8], name: String = "case") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-parquet-\(name)-\(UUID().uuidString).parquet")
        try Data(bytes).write(to: url)
        return url
    }
}
