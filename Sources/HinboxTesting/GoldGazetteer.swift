import Foundation
import HinboxCore

/// Builds a ``Gazetteer`` from the gold labels of `../shared/data` documents (`gold_entities`),
/// so the scripted server "extracts" exactly the labelled entities.
public enum GoldGazetteer {
    private struct Document: Decodable {
        var goldEntities: [GoldEntity]?
        enum CodingKeys: String, CodingKey { case goldEntities = "gold_entities" }
    }

    private struct GoldEntity: Decodable {
        var type: String
        var wikipedia: String?
        var names: [String]
    }

    /// One entity per link (or per surface without one) of the document's named mentions.
    private static func entities(fromMentions document: GoldDocument) -> [GoldEntity] {
        var grouped: [String: GoldEntity] = [:]
        var order: [String] = []
        for mention in document.goldMentions where mention.isNamed {
            guard let type = GoldDocument.entityType(gold: mention.type)?.rawValue else { continue }
            let key = "\(type)|\(mention.wikipedia ?? mention.surface)"
            if grouped[key] == nil {
                grouped[key] = GoldEntity(type: type, wikipedia: mention.wikipedia, names: [])
                order.append(key)
            }
            if grouped[key]?.names.contains(mention.surface) == false { grouped[key]?.names.append(mention.surface) }
        }
        return order.compactMap { grouped[$0] }
    }

    /// Reads every `*.json` document in `directory`; entities with the same Wikipedia link are
    /// one entry with all their names.
    public static func load(directory: String) throws -> Gazetteer {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        var byLink: [String: (type: EntityType, names: [String])] = [:]
        var order: [String] = []
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(file)"))
            // GUM lists `gold_entities`; CoNLL-dev writes that field as text, so its entities come
            // from the linked mentions (the same grouping `hinbox eval` scores against).
            let listed = (try? JSONDecoder().decode(Document.self, from: data))?.goldEntities
            let entities = try listed ?? Self.entities(fromMentions: JSONDecoder().decode(GoldDocument.self, from: data))
            for (index, entity) in entities.enumerated() {
                guard let type = EntityType(flexible: entity.type), type != .event, let first = entity.names.first else { continue }
                let key = entity.wikipedia.map { "\(type.rawValue)|\($0)" } ?? "\(file)#\(index)|\(first)"
                if byLink[key] == nil {
                    byLink[key] = (type, [])
                    order.append(key)
                }
                for name in entity.names where !(byLink[key]!.names.contains(name)) { byLink[key]!.names.append(name) }
            }
        }
        var entries: [EntityType: [Gazetteer.Entry]] = [:]
        for key in order {
            guard let value = byLink[key] else { continue }
            // The longest name is the canonical one; the rest are aliases.
            let names = value.names.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
            entries[value.type, default: []].append(Gazetteer.Entry(name: names[0], type: "other", aliases: Array(names.dropFirst())))
        }
        return Gazetteer(entries: entries)
    }
}
