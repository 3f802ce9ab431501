import Foundation
import HinboxCore
import HinboxTesting
import InMemoryTracing
import Logging

/// A small domain and prompt set shared by the core tests.
enum CoreFixtures {
    static let domain = DomainConfig(
        name: "test", description: "Local news about a water crisis",
        categories: [
            .person: .init(types: ["politician": "Office holder", "expert": "Specialist", "other": "Anyone else"],
                           tags: ["government": "Holds office", "environment": "Environmental matters"]),
            .organization: .init(types: ["utility": "A utility", "government_agency": "An agency", "other": "Anything else"]),
            .location: .init(types: ["city": "A city", "building": "A building", "other": "Anything else"]),
            .event: .init(types: ["hearing": "A hearing", "other": "Anything else"]),
        ])

    static let prompts = PromptLibrary(templates: [
        "extract": "Extract {{entity_label}} ({{entity_type}}) for: {{domain_description}}\n{{type_list}}\n{{tag_list}}\n{{output_shape}}",
        "profile_create": "Write a profile of the {{entity_type}} {{entity_name}}; cite ^[{{article_id}}].",
        "profile_update": "Update the profile of the {{entity_type}} {{entity_name}}; cite ^[{{article_id}}].",
        "profile_fold": "Update the profile of the {{entity_type}} {{entity_name}}; cite each of {{article_id}}.",
        "match_check": "Are they the same?",
    ])

    static func article(id: String = "a1", title: String = "Water crisis", _ content: String) -> Article {
        Article(id: id, title: title, publishedDate: "2025-03-14", content: content, source: "\(id).md")
    }

    /// One entity of each type, as named in the tracing tests' article.
    static let gazetteer = Gazetteer(entries: [
        .person: [.init(name: "Dana Whitfield", type: "politician")],
        .organization: [.init(name: "Ridgeport Water Authority", type: "utility")],
        .location: [.init(name: "Eastgate", type: "other")],
        .event: [.init(name: "Special Hearing on Water Safety", type: "hearing", startDate: "2025-03-14")],
    ])

    /// The pipeline the core tests run: names-only resolution, two articles at once, trace ids from the in-memory tracer.
    static func pipeline(_ model: FakeChatModel, store: InMemoryKnowledgeStore, runID: String = "s1") -> Pipeline {
        .testing(
            model: model, domain: domain, prompts: prompts, store: store,
            options: .init(runID: runID, domain: "test", concurrency: 2), logger: Logger(label: "tracing-test"),
            traceID: { $0.inMemorySpanContext?.traceID })
    }

    /// A reply with an `entities` array.
    static func reply(_ entities: [JSONValue]) -> JSONValue { ["entities": .array(entities)] }
}

/// A fresh directory under the system temp directory; `remove()` deletes it.
struct TempDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, data: Data(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, data: Data) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    func file(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
