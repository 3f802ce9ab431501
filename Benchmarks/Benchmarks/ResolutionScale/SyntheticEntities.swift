import Foundation
import HinboxCore

/// A reproducible knowledge base of entities with news-like names and 384-dim unit
/// vectors, and incoming entities to resolve against it: half re-mentions of known entities
/// (full name, surname alone or acronym, with a nearby vector), half new names that share words
/// with many known ones (common first names, "Ministry of …"), as a real corpus does.
enum SyntheticEntities {
    static let dimension = 384
    static let model = "local/all-minilm-l6-v2"

    /// `count` known entities with their vectors.
    static func known(count: Int, seed: UInt64 = 42) -> [KnownEntity] {
        var random = SplitMix64(seed: seed)
        var names = NameFactory()
        return (0..<count).map { position in
            let type = type(at: position)
            let (name, aliases, date) = names.make(type, &random)
            return knownEntity(id: "\(type.idPrefix)_\(position)", type: type, name: name, aliases: aliases, date: date, &random)
        }
    }

    /// Entities from new articles, each with its evidence vector.
    static func incoming(_ count: Int, against known: [KnownEntity], seed: UInt64 = 7) -> [(entity: ExtractedEntity, vector: [Float])] {
        var random = SplitMix64(seed: seed)
        var names = NameFactory()
        return (0..<count).map { position in
            if position.isMultiple(of: 2), let target = known.randomElement(using: &random), let vector = target.embedding?.vector {
                return (remention(of: target, &random), near(vector, &random))
            }
            let type = type(at: Int(random.next() % 20))
            let (name, aliases, date) = names.make(type, &random)
            return (ExtractedEntity(type: type, name: name, aliases: aliases, startDate: date), unitVector(&random))
        }
    }

    /// Half people, a quarter organisations, then locations and events.
    static func type(at position: Int) -> EntityType {
        switch position % 20 {
        case 0..<10: .person
        case 10..<15: .organization
        case 15..<18: .location
        default: .event
        }
    }

    static func knownEntity(
        id: String, type: EntityType, name: String, aliases: [String], date: String?, _ random: inout SplitMix64
    ) -> KnownEntity {
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let record = EntityRecord(
            id: id, type: type, name: name, key: EntityKey(type: type, name: name, date: date).description,
            startDate: date, currentVersion: 1, createdAt: created, updatedAt: created)
        let embedding = EntityEmbedding(entityID: id, model: model, vector: unitVector(&random), evidence: "")
        return KnownEntity(record: record, aliases: aliases, latestProfile: nil, embedding: embedding)
    }

    /// How an article names a known entity again: its name, a person's surname, an organisation's acronym.
    static func remention(of known: KnownEntity, _ random: inout SplitMix64) -> ExtractedEntity {
        let record = known.record
        var name = record.name
        if random.next() % 3 == 0 {
            if record.type == .person, let surname = name.split(separator: " ").last { name = String(surname) }
            if record.type == .organization, let alias = known.aliases.first { name = alias }
        }
        return ExtractedEntity(type: record.type, name: name, startDate: record.startDate)
    }

    /// A random direction (normal coordinates, normalised).
    static func unitVector(_ random: inout SplitMix64) -> [Float] {
        normalised((0..<dimension).map { _ in random.nextGaussian() })
    }

    /// `vector` moved a little (cosine ≈ 0.9 with it), as another article's evidence would be.
    static func near(_ vector: [Float], _ random: inout SplitMix64) -> [Float] {
        normalised(vector.map { $0 + 0.025 * random.nextGaussian() })
    }

    static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / norm }
    }
}

/// A small, fast, seedable generator (SplitMix64), so every run builds the same corpus.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal sample (Box–Muller).
    mutating func nextGaussian() -> Float {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), .leastNonzeroMagnitude)
        let u2 = Double(next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }
}
