/// Why the knowledge store could not do what was asked, worded for the person running hinbox.
///
/// Compare with the static values to tell kinds apart (`error == .notADatabase`); the message
/// (``description``) carries the details and what to do next.
public struct StoreError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case cannotOpen
        case notADatabase
        case notAHinboxDatabase
        case newerSchema
        case busy
        case duplicateVersion
        case duplicateDecision
        case versionMismatch
        case invalidCommit
        case unknownRun
        case corruptValue
        case writeFailed
    }

    private let code: Code
    /// What went wrong and what to do about it.
    public let description: String

    private init(_ code: Code, _ description: String = "") {
        self.code = code
        self.description = description
    }

    /// Errors are equal when they are of the same kind, whatever their details.
    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.code == rhs.code }

    // MARK: - Kinds, for matching

    /// The database file could not be opened or created.
    public static let cannotOpen = StoreError(.cannotOpen)
    /// The file exists but is not a SQLite database.
    public static let notADatabase = StoreError(.notADatabase)
    /// The file is a SQLite database of some other application.
    public static let notAHinboxDatabase = StoreError(.notAHinboxDatabase)
    /// The database was written by a newer hinbox with a schema this binary does not know.
    public static let newerSchema = StoreError(.newerSchema)
    /// Another process holds the database lock for too long.
    public static let busy = StoreError(.busy)
    /// A commit tried to write a profile version that already exists.
    public static let duplicateVersion = StoreError(.duplicateVersion)
    /// A commit tried to log a resolution decision already logged for the same run, article, type and name.
    public static let duplicateDecision = StoreError(.duplicateDecision)
    /// A commit left an entity whose `current_version` is not its latest version row.
    public static let versionMismatch = StoreError(.versionMismatch)
    /// A commit whose parts do not belong together (e.g. a mention of another article).
    public static let invalidCommit = StoreError(.invalidCommit)
    /// A run id that was never started.
    public static let unknownRun = StoreError(.unknownRun)
    /// A stored value this binary cannot read.
    public static let corruptValue = StoreError(.corruptValue)
    /// Any other failure while writing.
    public static let writeFailed = StoreError(.writeFailed)

    // MARK: - Builders with details

    package static func cannotOpen(path: String, reason: String) -> StoreError {
        StoreError(.cannotOpen, "Cannot open the database at '\(path)': \(reason). "
            + "Check that the path is a writable file location, or pass another path with --db.")
    }

    package static func notADatabase(path: String) -> StoreError {
        StoreError(.notADatabase, "'\(path)' is not a SQLite database. "
            + "Pass the path of a hinbox database with --db, or a new path to create one.")
    }

    package static func notAHinboxDatabase(path: String) -> StoreError {
        StoreError(.notAHinboxDatabase, "'\(path)' is a SQLite database, but not one hinbox created. "
            + "Pass a hinbox database with --db, or a new path to create one; hinbox will not add tables to it.")
    }

    package static func newerSchema(path: String, unknown: [String]) -> StoreError {
        StoreError(.newerSchema, "'\(path)' was written by a newer hinbox (schema \(unknown.joined(separator: ", ")) "
            + "is unknown to this version). Upgrade hinbox, or pass another database with --db.")
    }

    package static func busy(path: String) -> StoreError {
        StoreError(.busy, "The database at '\(path)' is locked by another process. "
            + "Wait for the other hinbox command to finish, then try again.")
    }

    package static func duplicateVersion(entityID: String, version: Int, articleID: String) -> StoreError {
        StoreError(.duplicateVersion, "Version \(version) of profile '\(entityID)' already exists, so nothing from "
            + "article '\(articleID)' was stored (profile history is never overwritten). Run `hinbox process` "
            + "again to retry the article; if it happens again, please report it as a bug.")
    }

    package static func duplicateDecision(runID: String, articleID: String, type: String, name: String) -> StoreError {
        StoreError(.duplicateDecision, "Run '\(runID)' already logged how the \(type) '\(name)' of article "
            + "'\(articleID)' was resolved, so nothing from the article was stored (decisions are never logged twice). "
            + "Run `hinbox process` again to retry the article; if it happens again, please report it as a bug.")
    }

    package static func versionMismatch(entityID: String, current: Int, latest: Int, count: Int, articleID: String) -> StoreError {
        StoreError(.versionMismatch, "Entity '\(entityID)' would claim current version \(current), but its profile "
            + "has \(count) version(s) up to \(latest); nothing from article '\(articleID)' was stored. "
            + "Run `hinbox process` again to retry the article; if it happens again, please report it as a bug.")
    }

    package static func invalidCommit(articleID: String, reason: String) -> StoreError {
        StoreError(.invalidCommit, "Article '\(articleID)' was not stored: \(reason). This is a bug in hinbox; please report it.")
    }

    package static func unknownRun(runID: String) -> StoreError {
        StoreError(.unknownRun, "Run '\(runID)' is not in the database, so nothing was stored for it. "
            + "This is a bug in hinbox (a run must be started before it stores articles); please report it.")
    }

    package static func corruptValue(table: String, id: String, column: String, value: String) -> StoreError {
        StoreError(.corruptValue, "The \(table) row '\(id)' has an unreadable \(column) '\(value)'. The database may "
            + "be damaged or written by another program; restore a backup or start a new database with --db.")
    }

    package static func writeFailed(what: String, reason: String) -> StoreError {
        StoreError(.writeFailed, "Could not store \(what): \(reason). Run the command again; "
            + "if it keeps failing, check free disk space and file permissions of the database.")
    }

    // MARK: - PostgreSQL

    package static func cannotConnect(location: String, reason: String) -> StoreError {
        StoreError(.cannotOpen, "Cannot use the PostgreSQL database at \(location): \(reason). Check that the server "
            + "runs and accepts this user (scripts/postgres.sh status for a local one), that the database exists, "
            + "and the URL's host, port and password; or pass another database with --db.")
    }

    package static func notAHinboxSchema(location: String) -> StoreError {
        StoreError(.notAHinboxDatabase, "The PostgreSQL database at \(location) has tables, but hinbox did not create "
            + "them. Pass an empty database (createdb NAME) or a hinbox one with --db; hinbox will not add tables to it.")
    }

    package static func databaseFailed(what: String, location: String, reason: String) -> StoreError {
        StoreError(.writeFailed, "Could not \(what) in the PostgreSQL database at \(location): \(reason). "
            + "Run the command again; if it keeps failing, check the server's log and free disk space.")
    }
}
