import Foundation

/// One gold-labelled document of `../shared/data` (CoNLL-2003 dev with AIDA links, GUM news):
/// the article fields hinbox reads plus the gold labels hinbox itself must never see.
public struct GoldDocument: Sendable, Hashable, Decodable {
    public var id: String
    public var title: String
    public var url: String?
    public var publishedDate: String?
    public var content: String
    /// `gold`: the distinct names written in the document, per category
    /// (`people`, `organizations`, `locations`, `misc`, and `events` in GUM).
    public var gold: [String: [String]]
    /// `gold_links`: surface name → Wikipedia title.
    public var goldLinks: [String: String]
    /// `gold_mentions`: every labelled mention with its offsets, type and link.
    public var goldMentions: [GoldMention]
    /// The file it came from (set by ``load(directory:limit:)``).
    public var source = ""

    enum CodingKeys: String, CodingKey {
        case id, title, url, content, gold
        case publishedDate = "published_date"
        case goldLinks = "gold_links"
        case goldMentions = "gold_mentions"
    }

    public init(
        id: String, title: String = "", url: String? = nil, publishedDate: String? = nil, content: String,
        gold: [String: [String]] = [:], goldLinks: [String: String] = [:], goldMentions: [GoldMention]
    ) {
        self.id = id
        self.title = title
        self.url = url
        self.publishedDate = publishedDate
        self.content = content
        self.gold = gold
        self.goldLinks = goldLinks
        self.goldMentions = goldMentions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = (try? container.decodeIfPresent(String.self, forKey: .title)) ?? ""
        url = try? container.decodeIfPresent(String.self, forKey: .url)
        publishedDate = try? container.decodeIfPresent(String.self, forKey: .publishedDate)
        content = try container.decode(String.self, forKey: .content)
        gold = (try? container.decodeIfPresent([String: [String]].self, forKey: .gold)) ?? [:]
        goldLinks = (try? container.decodeIfPresent([String: String].self, forKey: .goldLinks)) ?? [:]
        goldMentions = try container.decodeIfPresent([GoldMention].self, forKey: .goldMentions) ?? []
    }

    /// The document as hinbox would ingest it (gold labels left out).
    public var article: Article {
        Article(id: id, title: title, url: url, publishedDate: publishedDate, content: content, source: source)
    }

    /// hinbox's entity type for a gold type: CoNLL `PER`/`ORG`/`LOC`, GUM `person`/`organization`/
    /// `place`. Everything else (`MISC`, `event`, `abstract`, `time`, …) has no counterpart here.
    public static func entityType(gold type: String?) -> EntityType? {
        switch type?.lowercased() {
        case "per", "person", "people": .person
        case "org", "organization", "organisation": .organization
        case "loc", "location", "place", "gpe": .location
        default: nil
        }
    }

    /// The `*.json` documents of `directory`, in natural id order ("947testa" before "1000testa").
    public static func load(directory: String, limit: Int? = nil) throws -> [GoldDocument] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
        var documents: [GoldDocument] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            do {
                var document = try JSONDecoder().decode(GoldDocument.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
                document.source = path
                documents.append(document)
            } catch {
                throw GoldDocumentError(path: path, underlying: error)
            }
        }
        documents.sort { $0.id.compare($1.id, options: [.numeric]) == .orderedAscending }
        if let limit { documents = Array(documents.prefix(max(0, limit))) }
        return documents
    }
}

/// One labelled mention: character offsets into `content`, gold type and Wikipedia link.
public struct GoldMention: Sendable, Hashable, Decodable {
    public var start: Int
    public var end: Int
    /// The words as written (GUM: the whole noun phrase, "the country" included).
    public var text: String
    /// The gold type as labelled (`PER`, `LOC`, `place`, …).
    public var type: String?
    /// Wikipedia title; nil for NIL (no identity signal).
    public var wikipedia: String?
    /// GUM only: the entity's proper name behind this mention ("U.S. President Donald Trump" for
    /// "U.S. President Donald Trump's"); nil for nominal and pronominal mentions.
    public var name: String?
    /// False for a GUM mention without a name ("the team", "he"); CoNLL mentions are all names.
    public var isNamed: Bool

    enum CodingKeys: String, CodingKey { case start, end, text, type, wikipedia, name }

    public init(start: Int, end: Int, text: String, type: String?, wikipedia: String?, name: String? = nil, isNamed: Bool = true) {
        self.start = start
        self.end = end
        self.text = text
        self.type = type
        self.wikipedia = wikipedia
        self.name = name
        self.isNamed = isNamed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        start = try container.decodeIfPresent(Int.self, forKey: .start) ?? 0
        end = try container.decodeIfPresent(Int.self, forKey: .end) ?? 0
        text = try container.decode(String.self, forKey: .text)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        wikipedia = try container.decodeIfPresent(String.self, forKey: .wikipedia)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        isNamed = !container.contains(.name) || name != nil
    }

    /// The name an extractor would write for this mention: GUM's `name`, else the text.
    public var surface: String { NameNormalizer.clean(name ?? text) }
}

/// A gold document that could not be read.
public struct GoldDocumentError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var underlying: any Error
    public var description: String { "\(path): not a gold document (\(underlying))" }
}
