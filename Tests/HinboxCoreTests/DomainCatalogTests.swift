import Foundation
import HinboxCore
import Testing

/// ``DomainCatalog`` over a small checkout in a temp directory.
@Suite("Domains: list and create")
struct DomainCatalogTests {
    /// A checkout with domain `news` (overriding nothing) and `legal` (overriding match_check).
    static func checkout() throws -> (TempDirectory, DomainCatalog) {
        let dir = try TempDirectory()
        for name in ["extract", "profile_create", "profile_update", "profile_fold", "match_check"] {
            try dir.write("prompts/\(name).md", "shared \(name) {{domain_description}}")
        }
        try dir.write("prompts/legal/match_check.md", "legal match_check")
        try dir.write("config/domains/news/domain.yaml", """
            # News header comment.
            name: news
            description: General news.
            entity_types:
              person:
                types: {other: Anyone}
              location:
                types: {other: Anywhere}
            """)
        try dir.write("config/domains/legal/domain.yaml", "name: legal\ndescription: Courts.\nrelevance: Court cases.\nentity_types:\n  organization:\n    types: {court: A court}\n")
        try dir.write("config/domains/broken/domain.yaml", "name: broken\nentity_types:\n  spaceship: {}\n")
        return (dir, DomainCatalog(configDirectory: dir.file("config"), promptsDirectory: dir.file("prompts")))
    }

    @Test("list: every domain with its entity types, prompt overrides, and a broken one's problem")
    func list() throws {
        let (dir, catalog) = try Self.checkout()
        defer { dir.remove() }
        let entries = catalog.list()
        #expect(entries.map(\.name) == ["broken", "legal", "news"])
        #expect(entries[2].entityTypes == [.person, .location])
        #expect(entries[2].promptsPath == nil)
        #expect(entries[1].overriddenPrompts == ["match_check"])
        #expect(entries[1].relevance == "Court cases.")
        #expect(entries[2].relevance == nil)
        #expect(entries[1].promptsPath == dir.file("prompts/legal"))
        #expect(entries[0].problem?.contains("spaceship") == true)
    }

    @Test("create copies the template's YAML and its effective prompts; the new domain loads")
    func create() throws {
        let (dir, catalog) = try Self.checkout()
        defer { dir.remove() }
        let entry = try catalog.create("court-watch", from: "legal")
        #expect(entry.problem == nil)
        #expect(entry.entityTypes == [.organization])
        let domain = try DomainConfig.load(name: "court-watch", configDirectory: dir.file("config"))
        #expect(domain.name == "court-watch")
        let prompts = try PromptLibrary.load(promptsDirectory: dir.file("prompts"), domain: "court-watch")
        #expect(prompts.template("match_check") == "legal match_check")
        #expect(prompts.template("extract") == "shared extract {{domain_description}}")
        let yaml = try String(contentsOfFile: entry.configPath, encoding: .utf8)
        #expect(!yaml.contains("News header") && yaml.contains("# Domain \"court-watch\""))
    }

    @Test("create refuses an existing domain or prompts folder and leaves it untouched")
    func refusesOverwrite() throws {
        let (dir, catalog) = try Self.checkout()
        defer { dir.remove() }
        #expect(throws: ConfigError.self) { try catalog.create("legal") }
        try dir.write("prompts/orphan/extract.md", "mine")
        #expect(throws: ConfigError.self) { try catalog.create("orphan") }
        #expect(!FileManager.default.fileExists(atPath: dir.file("config/domains/orphan")))
        #expect(try String(contentsOfFile: dir.file("prompts/orphan/extract.md"), encoding: .utf8) == "mine")
    }

    @Test("names", arguments: [("news2", true), ("city-desk", true), ("a_b", true), ("", false), ("Bad", false),
                               ("../x", false), ("a/b", false), ("9x", false), ("é", false), (String(repeating: "a", count: 41), false)])
    func names(name: String, valid: Bool) {
        #expect(((try? DomainCatalog.validate(name: name)) != nil) == valid, "\(name)")
    }
}
