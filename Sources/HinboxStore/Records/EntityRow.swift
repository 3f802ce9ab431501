import Foundation
import GRDB
import HinboxCore

/// A row of `entity`: identity and current state of a person, organization, location or event.
struct EntityRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "entity"

    var id: String
    var type: String
    var name: String
    var key: String
    var subtype: String?
    /// Stored as JSON text.
    var tags: [String]
    var description: String?
    var startDate: String?
    var endDate: String?
    var currentVersion: Int
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, type, name, key, subtype, tags, description
        case startDate = "start_date"
        case endDate = "end_date"
        case currentVersion = "current_version"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let type = Column(CodingKeys.type)
        static let name = Column(CodingKeys.name)
        static let key = Column(CodingKeys.key)
        static let currentVersion = Column(CodingKeys.currentVersion)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    /// Read by hand (see `Row.strings`), column by column: the Codable path was most of a list page's decoding.
    init(row: Row) throws {
        id = try row.decode(forColumn: CodingKeys.id.rawValue)
        type = try row.decode(forColumn: CodingKeys.type.rawValue)
        name = try row.decode(forColumn: CodingKeys.name.rawValue)
        key = try row.decode(forColumn: CodingKeys.key.rawValue)
        subtype = try row.decode(forColumn: CodingKeys.subtype.rawValue)
        tags = try row.strings(CodingKeys.tags.rawValue, table: Self.databaseTableName)
        description = try row.decode(forColumn: CodingKeys.description.rawValue)
        startDate = try row.decode(forColumn: CodingKeys.startDate.rawValue)
        endDate = try row.decode(forColumn: CodingKeys.endDate.rawValue)
        currentVersion = try row.decode(forColumn: CodingKeys.currentVersion.rawValue)
        createdAt = try row.decode(forColumn: CodingKeys.createdAt.rawValue)
        updatedAt = try row.decode(forColumn: CodingKeys.updatedAt.rawValue)
    }

    init(_ entity: EntityRecord) {
        id = entity.id
        type = entity.type.rawValue
        name = entity.name
        key = entity.key
        subtype = entity.subtype
        tags = entity.tags
        description = entity.description
        startDate = entity.startDate
        endDate = entity.endDate
        currentVersion = entity.currentVersion
        createdAt = entity.createdAt
        updatedAt = entity.updatedAt
    }

    func record() throws -> EntityRecord {
        guard let entityType = EntityType(rawValue: type) else {
            throw StoreError.corruptValue(table: "entity", id: id, column: "type", value: type)
        }
        return EntityRecord(
            id: id, type: entityType, name: name, key: key, subtype: subtype, tags: tags,
            description: description, startDate: startDate, endDate: endDate,
            currentVersion: currentVersion, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Inserts the entity, or overwrites its state when the id exists. Keeps the original
    /// `created_at`, and never deletes the row (unlike `INSERT OR REPLACE`, which would cascade
    /// to its aliases, mentions and history).
    func upsertKeepingCreation(_ db: Database) throws {
        let tagsJSON = try Self.json(tags)
        try db.cachedStatement(sql: """
            INSERT INTO entity (id, type, name, key, subtype, tags, description, start_date, end_date,
                                current_version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
                type = excluded.type, name = excluded.name, key = excluded.key, subtype = excluded.subtype,
                tags = excluded.tags, description = excluded.description, start_date = excluded.start_date,
                end_date = excluded.end_date, current_version = excluded.current_version,
                updated_at = excluded.updated_at
            """).execute(arguments: [
                id, type, name, key, subtype, tagsJSON, description, startDate, endDate, currentVersion, createdAt, updatedAt,
            ])
    }

    /// JSON text for an array of strings, as GRDB's record encoding writes it.
    static func json(_ strings: [String]) throws -> String {
        String(decoding: try databaseJSONEncoder(for: "tags").encode(strings), as: UTF8.self)
    }

    /// SQL that ranks `type` in ``EntityType`` order (person, organization, location, event).
    static let typeRankSQL: String = {
        let cases = EntityType.allCases.enumerated().map { "WHEN '\($0.element.rawValue)' THEN \($0.offset)" }
        return "CASE type \(cases.joined(separator: " ")) END"
    }()
}
