import Foundation
import GRDB
import HinboxCore

/// A row of `entity_embedding`: an entity's latest evidence vector, one per entity.
struct EmbeddingRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "entity_embedding"

    var entityID: String
    var model: String
    var dimension: Int
    /// Float32 little-endian, `4 * dimension` bytes.
    var vector: Data
    var evidence: String
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case entityID = "entity_id"
        case model, dimension, vector, evidence
        case updatedAt = "updated_at"
    }

    enum Columns {
        static let entityID = Column(CodingKeys.entityID)
        static let model = Column(CodingKeys.model)
    }

    init(_ embedding: EntityEmbedding, updatedAt: Date) {
        entityID = embedding.entityID
        model = embedding.model
        dimension = embedding.dimension
        vector = Self.encode(embedding.vector)
        evidence = embedding.evidence
        self.updatedAt = updatedAt
    }

    func record() throws -> EntityEmbedding {
        guard dimension > 0, vector.count == 4 * dimension else {
            throw StoreError.corruptValue(
                table: "entity_embedding", id: entityID, column: "vector",
                value: "\(vector.count) bytes for dimension \(dimension)")
        }
        return EntityEmbedding(entityID: entityID, model: model, vector: Self.decode(vector), evidence: evidence)
    }

    /// Replaces the entity's vector (there is one per entity).
    func upsert(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO entity_embedding (entity_id, model, dimension, vector, evidence, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(entity_id) DO UPDATE SET
                model = excluded.model, dimension = excluded.dimension, vector = excluded.vector,
                evidence = excluded.evidence, updated_at = excluded.updated_at
            """).execute(arguments: [entityID, model, dimension, vector, evidence, updatedAt])
    }

    /// Float32 little-endian bytes, bit for bit.
    static func encode(_ vector: [Float]) -> Data {
        var data = Data(capacity: vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// The inverse of ``encode(_:)``; `data.count` must be a multiple of 4.
    static func decode(_ data: Data) -> [Float] {
        let count = data.count / 4
        return data.withUnsafeBytes { raw in
            (0..<count).map { index in
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
            }
        }
    }
}
