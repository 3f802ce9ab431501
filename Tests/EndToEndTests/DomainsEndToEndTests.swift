import Foundation
import HinboxCore
import HinboxTesting
import Testing

/// `hinbox domains init/list` on a copy of the checkout's config/ and prompts/, then a run with the new domain.
@Suite("hinbox domains, end to end", .serialized)
struct DomainsEndToEndTests {
    static let root = ProjectPaths.root(from: #filePath)

    @Test("domains init makes a domain that process --domain uses at once; it refuses to overwrite and rejects bad names")
    func initThenProcess() async throws {
        let fixture = try await ProcessEndToEndTests.Fixture.make(
            articlesFrom: "\(Self.root)/data/ridgeport/followup", gazetteer: try ProcessEndToEndTests.sampleGazetteer())
        defer { Task { try? await fixture.tearDown() } }
        let home = fixture.directory.appendingPathComponent("home").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        for folder in ["config", "prompts"] {
            try FileManager.default.copyItem(atPath: "\(Self.root)/\(folder)", toPath: "\(home)/\(folder)")
        }
        let configDir = ["--config-dir", home]

        let created = try await fixture.hinbox(["domains", "init", "city-desk", "--from", "news"] + configDir)
        #expect(created.exitCode == 0, "\(created.stdout)\n\(created.stderr)")
        #expect(created.stdout.contains("config/domains/city-desk/domain.yaml"), "\(created.stdout)")
        let yaml = try String(contentsOfFile: "\(home)/config/domains/city-desk/domain.yaml", encoding: .utf8)
        #expect(yaml.contains("name: city-desk"))
        #expect(yaml.hasPrefix("# Domain \"city-desk\""))
        for prompt in ["extract", "profile_create", "profile_update", "profile_fold", "match_check"] {
            #expect(FileManager.default.fileExists(atPath: "\(home)/prompts/city-desk/\(prompt).md"), "\(prompt).md copied")
        }

        let listed = try await fixture.hinbox(["domains", "list"] + configDir)
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        for expected in ["city-desk", "news", "entity types: person, organization, location, event", "prompts/city-desk/",
                         "relevance check: on", "relevance check: off"] {
            #expect(listed.stdout.contains(expected), "\(expected) in \(listed.stdout)")
        }

        let run = try await fixture.process(["--domain", "city-desk"] + configDir)
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("domain city-desk"), "\(run.stdout)")
        #expect(run.stdout.contains("2 processed, 0 failed"), "\(run.stdout)")

        let again = try await fixture.hinbox(["domains", "init", "city-desk"] + configDir)
        #expect(again.exitCode != 0)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(try String(contentsOfFile: "\(home)/config/domains/city-desk/domain.yaml", encoding: .utf8) == yaml)

        for bad in ["Bad", "../escape", "a b", "9lives"] {
            let rejected = try await fixture.hinbox(["domains", "init", bad] + configDir)
            #expect(rejected.exitCode != 0, "\(bad)")
            #expect(rejected.stderr.contains("invalid domain name"), "\(bad): \(rejected.stderr)")
        }
        let missing = try await fixture.hinbox(["domains", "init", "other", "--from", "nope"] + configDir)
        #expect(missing.stderr.contains("no template domain 'nope'"), "\(missing.stderr)")
    }
}
