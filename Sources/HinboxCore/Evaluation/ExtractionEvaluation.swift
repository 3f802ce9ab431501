import Foundation

/// Scores extraction against the gold names of each document, name-level (normalised keys,
/// each distinct name once per document) and lenient on type, since gold types follow the words
/// ("Japan" is LOC in a football table):
/// - precision of type t: extracted t-names that are a gold name of the document, of any gold
///   category (`misc` included — naming it is not wrong, only typed differently);
/// - recall of type t: gold t-names (people, organizations, locations) that were extracted as
///   any type.
public struct ExtractionEvaluation: Sendable {
    public var extractor: EntityExtractor
    public static let types: [EntityType] = [.person, .organization, .location]

    public init(extractor: EntityExtractor) {
        self.extractor = extractor
    }

    /// Counts for one type, summed over documents (micro-averaged).
    public struct Counts: Sendable, Hashable, Codable {
        public var extracted = 0
        public var extractedCorrect = 0
        public var gold = 0
        public var goldFound = 0

        public init() {}

        public var scores: PrecisionRecall {
            PrecisionRecall(
                precision: extracted == 0 ? 0 : Double(extractedCorrect) / Double(extracted),
                recall: gold == 0 ? 0 : Double(goldFound) / Double(gold))
        }

        static func + (lhs: Counts, rhs: Counts) -> Counts {
            var sum = Counts()
            sum.extracted = lhs.extracted + rhs.extracted
            sum.extractedCorrect = lhs.extractedCorrect + rhs.extractedCorrect
            sum.gold = lhs.gold + rhs.gold
            sum.goldFound = lhs.goldFound + rhs.goldFound
            return sum
        }
    }

    public struct Report: Sendable, Codable {
        public var documents: Int
        /// Documents whose extraction failed (not counted).
        public var failed: Int
        public var perType: [String: Counts]
        public var overall: Counts
        public var seconds: Double
    }

    /// The gold names of a document per hinbox type, and every gold key (any category).
    public static func goldNames(of document: GoldDocument) -> (byType: [EntityType: Set<String>], any: Set<String>) {
        var byType: [EntityType: Set<String>] = [:]
        var any: Set<String> = []
        for (category, names) in document.gold {
            let keys = Set(names.map(NameNormalizer.key).filter { !$0.isEmpty })
            any.formUnion(keys)
            if let type = EntityType(flexible: category), types.contains(type) { byType[type, default: []].formUnion(keys) }
        }
        return (byType, any)
    }

    /// Counts for one document, given the extracted names per type.
    public static func counts(extracted: [EntityType: [String]], document: GoldDocument) -> [EntityType: Counts] {
        let gold = goldNames(of: document)
        let extractedKeys = extracted.mapValues { Set($0.map(NameNormalizer.key).filter { !$0.isEmpty }) }
        let anyExtracted = extractedKeys.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        var result: [EntityType: Counts] = [:]
        for type in types {
            var counts = Counts()
            let mine = extractedKeys[type] ?? []
            counts.extracted = mine.count
            counts.extractedCorrect = mine.intersection(gold.any).count
            let goldOfType = gold.byType[type] ?? []
            counts.gold = goldOfType.count
            counts.goldFound = goldOfType.intersection(anyExtracted).count
            result[type] = counts
        }
        return result
    }

    public func run(_ documents: [GoldDocument], progress: (@Sendable (Int) -> Void)? = nil) async -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        var perType: [EntityType: Counts] = [:]
        var failed = 0
        for (number, document) in documents.enumerated() {
            var extracted: [EntityType: [String]] = [:]
            do {
                for type in Self.types {
                    extracted[type] = try await extractor.extract(type, from: document.article).entities.flatMap { [$0.name] + $0.aliases }
                }
                for (type, counts) in Self.counts(extracted: extracted, document: document) {
                    perType[type] = (perType[type] ?? Counts()) + counts
                }
            } catch {
                failed += 1
            }
            progress?(number + 1)
        }
        let elapsed = clock.now - started
        return Report(
            documents: documents.count, failed: failed,
            perType: Dictionary(uniqueKeysWithValues: perType.map { ($0.key.rawValue, $0.value) }),
            overall: perType.values.reduce(Counts(), +),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
