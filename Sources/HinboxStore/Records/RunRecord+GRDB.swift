public import GRDB
public import HinboxCore

/// A `RunRecord` is a row of `run` as it is (one `hinbox process` invocation): its columns are its
/// properties in snake_case, so no separate row type copies it.
extension RunRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "run"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}
