import Foundation
import HinboxCore
import Testing

/// The contiguous vector scan must return exactly what scoring every entity of the type in
/// insertion order and keeping the best (higher score first, ties to the older entity) returns.
@Suite("Vector search")
struct VectorSearchTests {
    static let model = "local/model-a"

    /// Reproducible pseudo-random unit vectors.
    struct Vectors {
        var state: UInt64

        mutating func next(_ dimension: Int) -> [Float] {
            let raw = (0..<dimension).map { _ -> Float in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 1_000_000
            }
            let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return raw.map { $0 / norm }
        }
    }

    static func entity(_ id: String, _ type: EntityType, vector: [Float]?, model: String = model) -> KnownEntity {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let record = EntityRecord(
            id: id, type: type, name: "Name \(id)", key: EntityKey(type: type, name: "Name \(id)").description,
            currentVersion: 1, createdAt: date, updatedAt: date)
        return KnownEntity(
            record: record, aliases: [], latestProfile: nil,
            embedding: vector.map { EntityEmbedding(entityID: id, model: model, vector: $0, evidence: "") })
    }

    /// The reference: every entity of `type` in insertion order, a scalar dot product, a stable
    /// sort, the first `count`.
    static func naive(_ query: [Float], model: String, type: EntityType, count: Int, in index: EntityIndex) -> [String] {
        var scored: [(id: String, score: Double)] = []
        for id in index.ids(of: type) {
            guard let embedding = index.entities[id]?.embedding, embedding.model == model, embedding.dimension == query.count else { continue }
            var sum: Double = 0
            for position in 0..<query.count { sum += Double(query[position]) * Double(embedding.vector[position]) }
            scored.append((id, sum))
        }
        return Array(scored.enumerated().sorted { a, b in
            a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
        }.prefix(count).map(\.element.id))
    }

    @Test("Same neighbours as a full scan, over types, models, dimensions and updates", arguments: [2, 7, 384])
    func matchesNaiveScan(dimension: Int) {
        var vectors = Vectors(state: UInt64(dimension))
        var index = EntityIndex()
        let types: [EntityType] = [.person, .organization, .location]
        for position in 0..<600 {
            let type = types[position % types.count]
            let model = position % 7 == 0 ? "local/model-b" : Self.model
            index.upsert(Self.entity("e\(position)", type, vector: position % 11 == 0 ? nil : vectors.next(dimension), model: model))
        }
        // Replace some vectors, move some to the other model, drop some.
        for position in stride(from: 0, to: 600, by: 13) {
            let type = types[position % types.count]
            let vector: [Float]? = position % 3 == 0 ? nil : vectors.next(dimension)
            index.upsert(Self.entity("e\(position)", type, vector: vector, model: position % 2 == 0 ? "local/model-b" : Self.model))
        }
        for _ in 0..<40 {
            let query = vectors.next(dimension)
            for type in types {
                for model in [Self.model, "local/model-b"] {
                    let fast = index.nearestVectors(to: query, model: model, type: type, count: 5).map(\.id)
                    #expect(fast == Self.naive(query, model: model, type: type, count: 5, in: index))
                }
            }
        }
    }

    @Test("Ties go to the entity indexed first, wherever its vector is stored")
    func tiesKeepInsertionOrder() {
        var index = EntityIndex()
        for position in 0..<8 { index.upsert(Self.entity("e\(position)", .person, vector: [1, 0])) }
        // Moving e1 to another model and back puts its vector in a different slot.
        index.upsert(Self.entity("e1", .person, vector: [1, 0], model: "local/model-b"))
        index.upsert(Self.entity("e1", .person, vector: [1, 0]))
        let nearest = index.nearestVectors(to: [1, 0], model: Self.model, type: .person, count: 3)
        #expect(nearest.map(\.id) == ["e0", "e1", "e2"])
        #expect(nearest.allSatisfy { $0.score == 1 })
    }

    @Test("Vectors of another model or dimension, or of another type, are never returned")
    func partitions() {
        var index = EntityIndex()
        index.upsert(Self.entity("p1", .person, vector: [1, 0]))
        index.upsert(Self.entity("p2", .person, vector: [1, 0, 0]))
        index.upsert(Self.entity("p3", .person, vector: [1, 0], model: "local/model-b"))
        index.upsert(Self.entity("o1", .organization, vector: [1, 0]))
        #expect(index.nearestVectors(to: [1, 0], model: Self.model, type: .person, count: 5).map(\.id) == ["p1"])
        #expect(index.nearestVectors(to: [0, 1], model: "local/model-c", type: .person, count: 5).isEmpty)
    }
}
