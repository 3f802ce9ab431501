/// Exact nearest-vector search over the evidence vectors of known entities, partitioned by
/// entity type, embedding model and dimension (vectors are never compared across models).
///
/// Each partition keeps its vectors in one contiguous `[Float]`, so a query is a linear scan of
/// SIMD dot products with a bounded top-k buffer and no per-entity allocation or hashing. The
/// result is the same as scoring every entity of the type in insertion order and keeping the
/// best: higher score first, ties to the entity indexed first.
public struct VectorSearchIndex: Sendable {
    private struct PartitionKey: Hashable, Sendable {
        var type: EntityType
        var model: String
        var dimension: Int
    }

    /// Where an entity's vector lives, and its insertion position within its type (the tie-break).
    private struct Placement: Sendable {
        var type: EntityType
        var ordinal: Int
        var key: PartitionKey?
    }

    private var partitions: [PartitionKey: VectorPartition] = [:]
    private var placements: [String: Placement] = [:]
    private var countByType: [EntityType: Int] = [:]

    public init() {}

    /// Number of entities with a stored vector.
    public var vectorCount: Int { partitions.values.reduce(0) { $0 + $1.count } }

    /// Adds, replaces or (with `embedding` nil) removes an entity's vector. An entity keeps the
    /// type and position it was first indexed with, as ``EntityIndex`` keeps its type lists.
    public mutating func upsert(id: String, type: EntityType, embedding: EntityEmbedding?) {
        var placement: Placement
        if let existing = placements[id] {
            placement = existing
        } else {
            placement = Placement(type: type, ordinal: countByType[type] ?? 0)
            countByType[type, default: 0] += 1
        }
        let newKey = embedding.map { PartitionKey(type: placement.type, model: $0.model, dimension: $0.dimension) }
        if let oldKey = placement.key, oldKey != newKey {
            partitions[oldKey]?.remove(id)
            if partitions[oldKey]?.count == 0 { partitions[oldKey] = nil }
        }
        if let embedding, let newKey {
            partitions[newKey, default: VectorPartition(dimension: newKey.dimension)]
                .upsert(id: id, ordinal: placement.ordinal, vector: embedding.vector)
        }
        placement.key = newKey
        placements[id] = placement
    }

    /// Up to `count` ids of `type` whose vectors from `model` score highest against `vector`,
    /// best first, with their scores (dot products of unit vectors: cosines).
    public func nearest(to vector: [Float], model: String, type: EntityType, count: Int) -> [(id: String, score: Double)] {
        let key = PartitionKey(type: type, model: model, dimension: vector.count)
        guard count > 0, let partition = partitions[key] else { return [] }
        return partition.nearest(to: vector, count: count)
    }
}
