/// Why a Parquet file could not be read.
///
/// Every message says what was wrong and, where it applies, which column; corrupt input and
/// features the reader does not implement are told apart so the user knows whether to re-export
/// the file or convert it.
public struct ParquetError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case io
        case corrupt
        case unsupported
    }

    private let code: Code
    private let detail: String
    /// The column the problem is in, when it is in one.
    public private(set) var column: String?

    private init(_ code: Code, _ detail: String, column: String? = nil) {
        self.code = code
        self.detail = detail
        self.column = column
    }

    /// The file could not be opened or read.
    public static func io(_ message: String) -> ParquetError { ParquetError(.io, message) }

    /// The bytes do not form a valid Parquet file (truncated, bad magic, bad lengths…).
    public static func corrupt(_ message: String) -> ParquetError { ParquetError(.corrupt, message) }

    /// A valid file uses `feature`, which this reader does not implement.
    public static func unsupported(_ feature: String, column: String? = nil) -> ParquetError {
        ParquetError(.unsupported, feature, column: column)
    }

    /// True for input that is damaged, as opposed to valid but unsupported.
    public var isCorrupt: Bool { code == .corrupt }
    /// True for a valid file that uses a feature the reader lacks.
    public var isUnsupported: Bool { code == .unsupported }

    /// The message shown to the user: what is wrong, where, and what to do.
    public var description: String {
        let place = column.map { "column '\($0)': " } ?? ""
        switch code {
        case .io:
            return detail
        case .corrupt:
            return "corrupt Parquet file: \(place)\(detail); re-export or re-download the file"
        case .unsupported:
            return "unsupported Parquet feature: \(place)\(detail); rewrite the file with flat columns, "
                + "PLAIN or dictionary encoding and UNCOMPRESSED, SNAPPY, GZIP or ZSTD compression"
        }
    }

    /// The same error tagged with the column it happened in, unless it already names one.
    func inColumn(_ name: String) -> ParquetError {
        var copy = self
        if copy.column == nil, code != .io { copy.column = name }
        return copy
    }
}
