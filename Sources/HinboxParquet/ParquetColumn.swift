/// A leaf column of a Parquet file's schema, as the reader sees it.
public struct ParquetColumn: Sendable, Hashable {
    /// What the column's values become when read.
    public enum Kind: Sendable, Hashable {
        /// BYTE_ARRAY annotated as text (STRING/UTF8, ENUM or JSON): UTF-8 strings.
        case string
        /// BYTE_ARRAY without a text annotation: raw bytes.
        case bytes
        /// The physical types read as they are.
        case boolean, int32, int64, float, double
        /// INT32 or INT64 annotated as a TIMESTAMP, in the given unit since the Unix epoch.
        case timestamp(ParquetTimestamp.Unit)
        /// INT32 annotated as a DATE: days since the Unix epoch.
        case date
        /// Something the reader cannot decode; reading the column throws with this reason.
        case unsupported(String)
    }

    /// The column's path in the schema, dot-separated (`title`, or `meta.title` when nested).
    public var name: String
    public var kind: Kind
    /// True when the column may hold nulls (an OPTIONAL field).
    public var isOptional: Bool

    /// The raw Parquet physical type number (0 BOOLEAN … 7 FIXED_LEN_BYTE_ARRAY).
    let physicalType: Int32
    /// FIXED_LEN_BYTE_ARRAY's width; unused otherwise.
    let typeLength: Int32
}

/// A point in time stored as a count of `unit`s since 1970-01-01T00:00:00Z.
public struct ParquetTimestamp: Sendable, Hashable {
    /// The TIMESTAMP unit (INT96 timestamps read as nanoseconds).
    public enum Unit: Sendable, Hashable {
        case millis, micros, nanos
    }

    /// The stored count of ``unit``s since the epoch (negative before 1970).
    public var value: Int64
    public var unit: Unit

    /// A timestamp of `value` `unit`s since 1970-01-01T00:00:00Z.
    public init(value: Int64, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    /// Seconds since the Unix epoch (fractional).
    public var secondsSince1970: Double {
        switch unit {
        case .millis: return Double(value) / 1e3
        case .micros: return Double(value) / 1e6
        case .nanos: return Double(value) / 1e9
        }
    }
}

/// One decoded value of a column; nulls are `nil` in the column's array.
public enum ParquetValue: Sendable, Hashable {
    /// Text from a BYTE_ARRAY column annotated as a string (invalid UTF-8 replaced by U+FFFD).
    case string(String)
    /// A BYTE_ARRAY column without a text annotation.
    case bytes([UInt8])
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case float(Float)
    case double(Double)
    case timestamp(ParquetTimestamp)
    /// Days since 1970-01-01.
    case date(Int32)
}
