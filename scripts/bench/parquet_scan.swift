// Reads every row group of a Parquet file and drops it: the reader's own peak memory and speed,
// for scripts/bench/parquet.sh (compiled there with swiftc together with Sources/HinboxParquet).
import Foundation

@main
struct ParquetScan {
    static func main() throws {
        let path = CommandLine.arguments[1]
        let started = Date()
        let reader = try ParquetReader(path: path)
        var rows = 0
        var textBytes = 0
        for index in 0..<reader.rowGroupCount {
            let group = try reader.readRowGroup(index)
            rows += group.rowCount
            for value in group["clean_text"] ?? [] {
                if case .string(let text)? = value { textBytes += text.utf8.count }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("rows \(rows) row_groups \(reader.rowGroupCount) text_MB \(String(format: "%.1f", Double(textBytes) / 1_048_576)) seconds \(String(format: "%.2f", seconds))")
    }
}
