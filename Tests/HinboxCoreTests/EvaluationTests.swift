import Foundation
import HinboxCore
import HinboxTesting
import Testing

@Suite("Evaluation: cluster scores, gold documents, resolution driver")
struct EvaluationTests {
    private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }

    // MARK: - Scores

    @Test("A perfect clustering scores 1 everywhere, whatever the labels")
    func perfect() {
        let scores = ClusterScoring.score(gold: ["a", "a", "b", "c", "c", "c"], system: ["x", "x", "y", "z", "z", "z"])
        #expect(scores.pairwise == PrecisionRecall(precision: 1, recall: 1))
        #expect(scores.bcubed == PrecisionRecall(precision: 1, recall: 1))
        #expect(scores.pairwise.f1 == 1 && scores.bcubed.f1 == 1)
        #expect(scores.items == 6 && scores.goldClusters == 3 && scores.systemClusters == 3)
        #expect(scores.goldPairs == 4 && scores.systemPairs == 4 && scores.correctPairs == 4)
    }

    @Test("All singletons: B³ precision 1, recall the mean 1/|gold cluster|; no pairs, so pairwise precision is vacuously 1 and recall 0")
    func singletons() {
        let scores = ClusterScoring.score(gold: ["a", "a", "b"], system: ["1", "2", "3"])
        #expect(close(scores.bcubed.precision, 1))
        #expect(close(scores.bcubed.recall, (0.5 + 0.5 + 1) / 3))
        #expect(close(scores.bcubed.f1, 2 * (2.0 / 3) / (1 + 2.0 / 3)))
        #expect(scores.pairwise.precision == 1 && scores.pairwise.recall == 0 && scores.pairwise.f1 == 0)
    }

    @Test("All in one cluster: B³ recall 1, precision the mean |gold cluster|/n; pairwise precision = gold pairs / all pairs")
    func allInOne() {
        let scores = ClusterScoring.score(gold: ["a", "a", "b"], system: ["x", "x", "x"])
        #expect(close(scores.bcubed.recall, 1))
        #expect(close(scores.bcubed.precision, (2.0 / 3 + 2.0 / 3 + 1.0 / 3) / 3))
        #expect(close(scores.pairwise.precision, 1.0 / 3))
        #expect(close(scores.pairwise.recall, 1))
        #expect(close(scores.pairwise.f1, 0.5))
    }

    @Test("A mixed clustering, computed by hand")
    func mixed() {
        // Cells: (a,x)=2, (a,y)=1, (b,y)=2; |x|=2, |y|=3, |a|=3, |b|=2.
        let scores = ClusterScoring.score(gold: ["a", "a", "a", "b", "b"], system: ["x", "x", "y", "y", "y"])
        #expect(close(scores.bcubed.precision, (4.0 / 2 + 1.0 / 3 + 4.0 / 3) / 5))
        #expect(close(scores.bcubed.recall, (4.0 / 3 + 1.0 / 3 + 4.0 / 2) / 5))
        #expect(scores.goldPairs == 4 && scores.systemPairs == 4 && scores.correctPairs == 2)
        #expect(close(scores.pairwise.precision, 0.5) && close(scores.pairwise.recall, 0.5))
    }

    @Test("No items: every figure is 0")
    func empty() {
        let scores = ClusterScoring.score(gold: [], system: [])
        #expect(scores.bcubed.f1 == 0 && scores.pairwise.f1 == 0 && scores.items == 0)
    }

    // MARK: - Gold documents

    static let conllJSON = """
        {"id": "1000testa", "title": "Russian judge stabbed", "url": "#", "published_date": "1996-08-30",
         "content": "MOSCOW 1996-08-30\\nInterfax said Judge Olga Lavrentyeva ordered it. Moscow police said. Interfax added.",
         "gold": {"people": ["Olga Lavrentyeva"], "organizations": ["Interfax"], "locations": ["Moscow"], "misc": ["Russian"]},
         "gold_links": {"MOSCOW": "Moscow", "Moscow": "Moscow", "Interfax": "Interfax"},
         "gold_entities": [{"wikipedia": "Moscow", "type": "LOC", "surfaces": ["MOSCOW", "Moscow"], "mentions": 2}],
         "gold_mentions": [
           {"start": 0, "end": 6, "text": "MOSCOW", "type": "LOC", "wikipedia": "Moscow"},
           {"start": 18, "end": 26, "text": "Interfax", "type": "ORG", "wikipedia": "Interfax"},
           {"start": 38, "end": 54, "text": "Olga Lavrentyeva", "type": "PER", "wikipedia": null},
           {"start": 67, "end": 73, "text": "Moscow", "type": "LOC", "wikipedia": "Moscow"},
           {"start": 86, "end": 94, "text": "Interfax", "type": "ORG", "wikipedia": "Interfax"},
           {"start": 0, "end": 7, "text": "Russian", "type": "MISC", "wikipedia": "Russia"}
         ],
         "meta": {"source": "CoNLL-2003"}}
        """

    static let gumJSON = """
        {"id": "GUM_news_afghan", "title": "Afghan team", "content": "The President met the team in the U.S. on Friday.",
         "gold": {"people": ["President"], "locations": ["U.S."]}, "gold_links": {"U.S.": "United_States"},
         "gold_mentions": [
           {"start": 0, "end": 13, "text": "The President", "type": "person", "entity_id": 1, "wikipedia": "Donald_Trump", "name": "President"},
           {"start": 18, "end": 26, "text": "the team", "type": "organization", "entity_id": 2, "wikipedia": "Afghan_Girls_Robotics_Team", "name": null},
           {"start": 30, "end": 38, "text": "the U.S.", "type": "place", "entity_id": 3, "wikipedia": "United_States", "name": "U.S."},
           {"start": 42, "end": 48, "text": "Friday", "type": "time", "entity_id": 4, "wikipedia": null, "name": "Friday"}
         ]}
        """

    @Test("CoNLL documents decode; mentions group by (type, normalised name) with the commonest form and link; MISC is skipped")
    func conllDocument() throws {
        let document = try JSONDecoder().decode(GoldDocument.self, from: Data(Self.conllJSON.utf8))
        #expect(document.id == "1000testa" && document.publishedDate == "1996-08-30")
        #expect(document.goldMentions.count == 6 && document.goldMentions.allSatisfy(\.isNamed))
        #expect(document.gold["organizations"] == ["Interfax"] && document.goldLinks["MOSCOW"] == "Moscow")
        #expect(document.article.id == "1000testa" && document.article.content.hasPrefix("MOSCOW"))

        let items = ResolutionEvaluation.items(of: document)
        #expect(items.map(\.type) == [.location, .organization, .person])
        #expect(items[0].name == "MOSCOW" && items[0].key == "moscow" && items[0].link == "Moscow" && items[0].mentions == 2)
        #expect(items[1].name == "Interfax" && items[1].mentions == 2 && items[1].baselineID == "organization|interfax")
        #expect(items[2].link == nil)
    }

    @Test("GUM mentions use their name; nominal mentions (name null) and non-entity types are left out")
    func gumDocument() throws {
        let document = try JSONDecoder().decode(GoldDocument.self, from: Data(Self.gumJSON.utf8))
        #expect(document.goldMentions.map(\.isNamed) == [true, false, true, true])
        #expect(document.goldMentions[2].surface == "U.S.")
        let items = ResolutionEvaluation.items(of: document)
        #expect(items.map(\.name) == ["President", "U.S."])
        #expect(items.map(\.type) == [.person, .location])
        #expect(GoldDocument.entityType(gold: "place") == .location && GoldDocument.entityType(gold: "PER") == .person)
        #expect(GoldDocument.entityType(gold: "MISC") == nil && GoldDocument.entityType(gold: "event") == nil)
    }

    @Test("A folder loads in natural id order and honours the limit")
    func loadDirectory() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        for id in ["1000testa", "947testa", "999testa"] {
            try directory.write("\(id).json", #"{"id": "\#(id)", "content": "Text.", "gold_mentions": []}"#)
        }
        try directory.write("LICENSE.txt", "not a document")
        #expect(try GoldDocument.load(directory: directory.path).map(\.id) == ["947testa", "999testa", "1000testa"])
        #expect(try GoldDocument.load(directory: directory.path, limit: 2).map(\.id) == ["947testa", "999testa"])
    }

    // MARK: - Driver

    private static func mention(_ text: String, _ type: String, _ link: String?, in content: String) -> GoldMention {
        let range = content.range(of: text)!
        let start = content.distance(from: content.startIndex, to: range.lowerBound)
        return GoldMention(start: start, end: start + text.count, text: text, type: type, wikipedia: link)
    }

    private static func document(_ id: String, _ content: String, _ mentions: [(String, String, String?)]) -> GoldDocument {
        GoldDocument(
            id: id, title: id, publishedDate: "1996-08-30", content: content,
            goldMentions: mentions.map { mention($0.0, $0.1, $0.2, in: content) })
    }

    @Test("The driver merges the same name across documents, folds short forms within one, and scores the exact baseline")
    func driver() async throws {
        let first = Self.document("d1", "Interfax news agency reported from Moscow that Valery Ivankov was arrested. Ivankov denied it.", [
            ("Interfax", "ORG", "Interfax"), ("Moscow", "LOC", "Moscow"), ("Valery Ivankov", "PER", "Valery_Ivankov"),
            ("Ivankov", "PER", "Valery_Ivankov"),
        ])
        let second = Self.document("d2", "Interfax news agency reported from Moscow that Olga Lavrentyeva was stabbed.", [
            ("Interfax", "ORG", "Interfax"), ("Moscow", "LOC", "Moscow"), ("Olga Lavrentyeva", "PER", nil),
        ])
        let resolver = EntityResolver(domain: CoreFixtures.domain, embedder: HashingEmbedder(), matchChecker: nil)
        let report = try await ResolutionEvaluation(resolver: resolver).run([first, second])

        #expect(report.documents == 2 && report.items.count == 7)
        let ids = Dictionary(grouping: report.items) { "\($0.documentID)|\($0.name)" }.mapValues { $0[0].entityID! }
        #expect(ids["d1|Interfax"] == ids["d2|Interfax"])
        #expect(ids["d1|Moscow"] == ids["d2|Moscow"])
        #expect(ids["d1|Valery Ivankov"] == ids["d1|Ivankov"])
        #expect(ids["d1|Interfax"] != ids["d1|Moscow"])
        // d1: Interfax, Moscow, Valery Ivankov (+ Ivankov); d2 merges two and creates Olga Lavrentyeva.
        #expect(report.entities == 4 && report.decisions == 6 && report.merges == 2)

        // Six linked items (the NIL one is not scored): three gold clusters, all found.
        #expect(report.system.items == 6 && report.system.goldClusters == 3)
        #expect(report.system.bcubed.f1 == 1 && report.system.pairwise.f1 == 1)
        // The exact-name baseline keeps "Ivankov" apart from "Valery Ivankov".
        #expect(report.baseline.systemClusters == 4 && report.baseline.pairwise.precision == 1)
        #expect(close(report.baseline.pairwise.recall, 2.0 / 3))
        #expect(report.baseline.bcubed.recall < 1 && report.baseline.bcubed.precision == 1)

        // Without the in-document fold the two Ivankov items stay apart.
        var unfolded = ResolutionEvaluation(resolver: resolver)
        unfolded.collapseAliases = false
        let separate = try await unfolded.run([first, second])
        let separateIDs = Dictionary(grouping: separate.items) { $0.name }.mapValues { $0[0].entityID! }
        #expect(separateIDs["Valery Ivankov"] != separateIDs["Ivankov"])
    }

    @Test("The caching embedder embeds each text once and keeps the order")
    func cachingEmbedder() async throws {
        let embedder = CachingEmbedder(HashingEmbedder())
        let first = try await embedder.embed(["a b", "c d", "a b"])
        let second = try await embedder.embed(["c d"])
        #expect(first[0] == first[2] && first[1] == second[0])
        #expect(first[0] == HashingEmbedding.standard.embed("a b"))
    }

    @Test("Extraction counts are name-level and lenient on type")
    func extractionCounts() throws {
        let document = try JSONDecoder().decode(GoldDocument.self, from: Data(Self.conllJSON.utf8))
        // "Moscow" typed as an organization still finds the gold location; "Russian" (misc) is not wrong.
        let counts = ExtractionEvaluation.counts(
            extracted: [.person: ["Olga Lavrentyeva", "Judge"], .organization: ["Interfax", "Moscow"], .location: ["Russian"]],
            document: document)
        #expect(counts[.person]?.extracted == 2 && counts[.person]?.extractedCorrect == 1)
        #expect(counts[.organization]?.extractedCorrect == 2)
        #expect(counts[.location]?.extractedCorrect == 1 && counts[.location]?.gold == 1 && counts[.location]?.goldFound == 1)
    }
}
