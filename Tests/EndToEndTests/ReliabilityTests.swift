import Foundation
import HinboxApp
import HinboxCore
import HinboxSpawn
import HinboxStore
import HinboxTesting
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Shared by the Reliability*Tests suites: a temp workspace, a launched hinbox that can be killed,
// a scripted server that holds back chosen articles, and a comparable snapshot of the knowledge base.

/// A temp directory with a copy of the sample articles, databases, and a `HINBOX_HOME` (copies of
/// `config/` and `prompts/`) whose `hinbox.yaml` can be edited.
struct ReliabilityWorkspace {
    static let root = ProjectPaths.root(from: #filePath)

    var binary: HinboxBinary
    var directory: URL

    var articles: String { directory.appendingPathComponent("articles").path }
    var home: String { directory.appendingPathComponent("home").path }
    var database: String { directory.appendingPathComponent("kb.sqlite").path }

    /// - Parameter settings: `hinbox.yaml` keys to replace, e.g. `["request_timeout_seconds": "1"]`.
    static func make(articlesFrom source: String? = "\(root)/data", settings: [String: String] = [:]) throws -> ReliabilityWorkspace {
        let binary = try #require(HinboxBinary.locate(projectRoot: root), "build hinbox first (swift build)")
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("hinbox-reliability-\(UUID().uuidString)")
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        let workspace = ReliabilityWorkspace(binary: binary, directory: directory)
        if let source {
            try manager.copyItem(atPath: source, toPath: workspace.articles)
        } else {
            try manager.createDirectory(atPath: workspace.articles, withIntermediateDirectories: true)
        }
        try manager.createDirectory(atPath: workspace.home, withIntermediateDirectories: true)
        try manager.copyItem(atPath: "\(root)/config", toPath: "\(workspace.home)/config")
        try manager.copyItem(atPath: "\(root)/prompts", toPath: "\(workspace.home)/prompts")
        if !settings.isEmpty {
            let file = "\(workspace.home)/config/hinbox.yaml"
            var lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
            for (key, value) in settings {
                let index = try #require(lines.firstIndex { $0.hasPrefix("\(key):") }, "no \(key) in hinbox.yaml")
                lines[index] = "\(key): \(value)"
            }
            try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        }
        return workspace
    }

    /// The environment of a run against `baseURL` (nil for read commands): scripted models, no
    /// tracing, this workspace's home and cache.
    func environment(baseURL: String?, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HINBOX_MODEL": "scripted", "HINBOX_EMBEDDING_MODEL": "scripted-embeddings",
            "HINBOX_NO_TRACE": "1", "HINBOX_HOME": home, "HOME": directory.path,
            "HINBOX_CACHE": directory.appendingPathComponent("cache").path,
        ]
        if let baseURL { environment["HINBOX_BASE_URL"] = baseURL }
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// ``environment(baseURL:_:)`` with tracing on, exporting to `endpoint`.
    func tracedEnvironment(baseURL: String, endpoint: String) -> [String: String] {
        var traced = environment(baseURL: baseURL, ["PHOENIX_COLLECTOR_ENDPOINT": endpoint])
        traced["HINBOX_NO_TRACE"] = nil
        return traced
    }

    func hinbox(_ arguments: [String], baseURL: String? = nil, database: String? = nil, environment extra: [String: String] = [:])
        async throws -> HinboxBinary.Result
    {
        try await binary.run(arguments + ["--db", database ?? self.database], environment: environment(baseURL: baseURL, extra))
    }

    /// `hinbox process <articles>` against `server`.
    func process(_ server: ScriptedOpenAIServer, database: String? = nil, _ extra: [String] = [], environment: [String: String] = [:])
        async throws -> HinboxBinary.Result
    {
        try await hinbox(["process", articles] + extra, baseURL: server.baseURL, database: database, environment: environment)
    }

    /// `hinbox process` again against a healthy scripted server, then the database as it left it:
    /// the run must exit 0 and leave a sound database (a resumed run's last step).
    func rerunHealthy(gazetteer: Gazetteer, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> (run: HinboxBinary.Result, snapshot: KnowledgeSnapshot)
    {
        let server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: gazetteer))
        defer { Task { try? await server.shutdown() } }
        let rerun = try await process(server)
        #expect(rerun.exitCode == 0, "stdout: \(rerun.stdout)\nstderr: \(rerun.stderr)", sourceLocation: sourceLocation)
        #expect(try SQLiteStore.open(path: database).integrityCheck() == ["ok"], sourceLocation: sourceLocation)
        let snapshot = try await KnowledgeSnapshot.read(database)
        #expect(snapshot.duplicationProblems.isEmpty, "\(snapshot.duplicationProblems)", sourceLocation: sourceLocation)
        return (rerun, snapshot)
    }

    /// Starts `hinbox process` without waiting for it; traced to `collector` when given.
    func launch(_ server: ScriptedOpenAIServer, database: String? = nil, _ extra: [String] = [], tracedTo collector: String? = nil)
        async throws -> RunningChild
    {
        let environment = collector.map { tracedEnvironment(baseURL: server.baseURL, endpoint: $0) } ?? environment(baseURL: server.baseURL)
        return try await binary.start(["process", articles] + extra + ["--db", database ?? self.database], environment: environment)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Copies the articles into `target` so that loading it yields them in `order` (by article
    /// id): group `n` goes under `target/<n>/`, whole files keep their names (so their ids), and a
    /// JSONL file is split line by line.
    func copyArticles(in order: [[String]], to target: String) throws {
        let manager = FileManager.default
        let sources = Dictionary(uniqueKeysWithValues: ArticleLoader().load(path: articles).articles.map { ($0.id, $0.source) })
        for (group, ids) in order.enumerated() {
            let folder = "\(target)/\(String(format: "%02d", group))"
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for id in ids {
                let source = try #require(sources[id], "no article \(id)")
                if let colon = source.lastIndex(of: ":"), source[..<colon].hasSuffix(".jsonl"), let line = Int(source[source.index(after: colon)...]) {
                    let file = String(source[..<colon])
                    let text = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")[line - 1]
                    let destination = "\(folder)/\((file as NSString).lastPathComponent)"
                    let existing = (try? String(contentsOfFile: destination, encoding: .utf8)) ?? ""
                    try (existing + text + "\n").write(toFile: destination, atomically: true, encoding: .utf8)
                } else {
                    try #require(!source.contains("#"), "JSON array elements are not supported here: \(source)")
                    try manager.copyItem(atPath: source, toPath: "\(folder)/\((source as NSString).lastPathComponent)")
                }
            }
        }
    }

    /// The article ids in input order (the order the pipeline merges them in).
    var articleIDs: [String] { ArticleLoader().load(path: articles).articles.map(\.id) }
}

/// ``GazetteerScript`` as a model that reads the whole conversation: a repair turn (the original
/// prompt, the unusable reply, then "Your reply could not be used…") is answered from the original
/// prompt. GazetteerScript itself reads only the last user message, so it answers a repair with no
/// entities, or a profile of nobody.
enum ReliabilityScript {
    static func handler(gazetteer: Gazetteer) -> ScriptedOpenAIServer.Handler {
        let base = GazetteerScript.handler(gazetteer: gazetteer)
        return { request in await base(firstTurn(of: request)) }
    }

    /// The request cut after its first user message.
    static func firstTurn(of request: ScriptedOpenAIServer.Request) -> ScriptedOpenAIServer.Request {
        guard case .object(var body)? = request.body, let messages = body["messages"]?.arrayValue,
            let firstUser = messages.firstIndex(where: { $0["role"]?.stringValue == "user" }), firstUser < messages.count - 1
        else { return request }
        body["messages"] = .array(Array(messages[...firstUser]))
        var cut = request
        cut.body = .object(body)
        return cut
    }
}

/// A scripted server that answers like ``GazetteerScript`` but never answers an extraction request
/// of a held article: the run merges in input order, so holding article K stops it with exactly
/// K articles committed and others in flight, whatever the timing. (Hold few articles: each held
/// one ties up 4 of the client's 8 connections to the host.)
struct HoldingServer {
    let server: ScriptedOpenAIServer

    static func start(gazetteer: Gazetteer, holding held: Set<String>, latency: Duration = .zero) async throws -> HoldingServer {
        let base = ReliabilityScript.handler(gazetteer: gazetteer)
        let server = try await ScriptedOpenAIServer.start(latency: latency) { request in
            if let id = Self.extractionArticleID(request), held.contains(id) {
                // Until the client goes away (the connection closes and this task is cancelled).
                try? await Task.sleep(for: .seconds(3600))
                return .closeConnection
            }
            return await base(request)
        }
        return HoldingServer(server: server)
    }

    /// The `Article ID:` of an extraction request (`extract_*` schema), else nil.
    static func extractionArticleID(_ request: ScriptedOpenAIServer.Request) -> String? {
        guard request.path.hasSuffix("/chat/completions"),
            let schema = request.body?["response_format"]?["json_schema"]?["name"]?.stringValue, schema.hasPrefix("extract_")
        else { return nil }
        let user = ScriptedReplies.messageTexts(request.body).last { $0.role == "user" }?.text ?? ""
        let line = user.split(separator: "\n").first { $0.hasPrefix("Article ID:") }
        return line.map { $0.dropFirst("Article ID:".count).trimmingCharacters(in: .whitespaces) }
    }
}

/// What a knowledge base holds, in a form two runs can be compared by.
struct KnowledgeSnapshot: Equatable, CustomStringConvertible {
    struct Entity: Equatable, CustomStringConvertible {
        var id: String
        var type: String
        var name: String
        var version: Int
        var articleIDs: [String]
        /// The text of the latest version.
        var text: String
        /// The stored version numbers, in order.
        var versions: [Int]
        /// The articles each version took in, in version order.
        var covers: [[String]] = []
        /// Articles whose update still waits for the end of its block.
        var pending: [String] = []
        var aliases: [String] = []
        /// Every resolution decision that created or merged into the entity: article, incoming name,
        /// action, reason, candidates with their scores, threshold and match-check verdict.
        var decisions: [String] = []

        var description: String {
            "\(type) \(name) \(id) v\(version) \(articleIDs) versions \(versions) covering \(covers) pending \(pending) aliases \(aliases)"
        }
    }

    var entities: [Entity]
    var articles: [ArticleRecord]

    /// Reads `database` (a SQLite file or a PostgreSQL URL) directly, never while a run writes to it.
    static func read(_ database: String) async throws -> KnowledgeSnapshot {
        let store = try await StoreLocation(database).open()
        do {
            let snapshot = try await read(store: store)
            await store.close()
            return snapshot
        } catch {
            await store.close()
            throw error
        }
    }

    static func read(store: any KnowledgeBase) async throws -> KnowledgeSnapshot {
        var entities: [Entity] = []
        for summary in try await store.profiles(type: nil, search: nil) {
            let detail = try #require(try await store.profileDetail(nameOrID: summary.id, version: nil))
            entities.append(Entity(
                id: summary.id, type: summary.type.rawValue, name: summary.name, version: summary.version,
                articleIDs: summary.articleIDs, text: detail.version.profile.text, versions: detail.versions.map(\.version),
                covers: detail.versions.map(\.covers), pending: detail.mentions.filter(\.pendingProfile).map(\.articleID).sorted(),
                aliases: detail.aliases.sorted(),
                decisions: detail.decisions.map { decision in
                    let candidates = decision.candidates.map { "\($0.entityID):\($0.lexical):\($0.cosine.map { String($0) } ?? "-")" }
                    return "\(decision.articleID)|\(decision.incomingName)|\(decision.action)|\(decision.reason)|\(decision.threshold)|"
                        + "\(candidates.joined(separator: ","))|\(decision.matchCheck.map { "\($0.isMatch)" } ?? "-")"
                }))
        }
        return KnowledgeSnapshot(entities: entities, articles: try await store.articles(status: nil))
    }

    /// The rows a resumed run must reproduce: per entity its id, type, name, aliases, version and
    /// articles, and each of its resolution decisions (and, with `text`, the latest profile text).
    func comparable(text: Bool) -> [String] {
        entities.flatMap { entity -> [String] in
            let names = "\(entity.type)|\(entity.id)|\(entity.name)|\(entity.aliases.joined(separator: ","))"
            let versions = "v\(entity.version)|\(entity.articleIDs.joined(separator: ","))|covers \(entity.covers)|pending \(entity.pending)"
            return ["\(names)|\(versions)" + (text ? "|\(entity.text)" : "")] + entity.decisions.map { "\(entity.id) ⇐ \($0)" }
        }.sorted()
    }

    /// Violations of "no entity or version duplicated": unique ids and (type, name) keys,
    /// versions 1…n, each article that mentions the entity taken in by exactly one version or
    /// still waiting for its block's update.
    var duplicationProblems: [String] {
        var problems: [String] = []
        let ids = entities.map(\.id)
        if Set(ids).count != ids.count { problems.append("duplicate entity ids: \(ids)") }
        let keys = entities.map { "\($0.type)|\(NameNormalizer.key($0.name))" }
        if Set(keys).count != keys.count {
            problems.append("duplicate entities: \(Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        }
        for entity in entities {
            if entity.versions != Array(1...max(1, entity.version)) { problems.append("versions not 1…n: \(entity)") }
            let covered = entity.covers.flatMap { $0 }
            if Set(covered).count != covered.count { problems.append("an article taken in twice: \(entity)") }
            if Set(covered).union(entity.pending) != Set(entity.articleIDs) || !Set(covered).isDisjoint(with: entity.pending) {
                problems.append("versions and waiting updates ≠ articles: \(entity)")
            }
        }
        return problems
    }

    var processed: Int { articles.count { $0.status == .processed } }

    var description: String { entities.map(\.description).joined(separator: "\n") }

    /// A clean, uninterrupted run of the sample articles (computed once per test process).
    static let reference: Task<KnowledgeSnapshot, any Error> = Task {
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        let server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: try sampleGazetteer()))
        let result = try await workspace.process(server)
        try await server.shutdown()
        guard result.exitCode == 0 else {
            throw ReliabilityError("the clean reference run failed: \(result.stdout)\n\(result.stderr)")
        }
        return try await read(workspace.database)
    }

    static func sampleGazetteer() throws -> Gazetteer {
        try Gazetteer(contentsOf: URL(fileURLWithPath: "\(ReliabilityWorkspace.root)/Tests/Fixtures/gazetteer.json"))
    }
}

struct ReliabilityError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// How many articles `database` records as processed.
func processedCount(_ database: String) async throws -> Int {
    try await SQLiteStore.open(path: database).articles(status: .processed).count
}

/// Waits until `run` holds its database's run lock: it has opened (and migrated) the database,
/// so opening it here cannot race the migration.
func waitUntilLocked(_ run: RunningChild, database: String) async throws {
    let lockFile = RunLock.lockPath(forDatabase: database)
    let written = try await poll(timeout: .seconds(120), { (try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? "" },
                                      until: { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "\(run.pid)" || !run.isRunning })
    try #require(written.trimmingCharacters(in: .whitespacesAndNewlines) == "\(run.pid)", "never locked: \(run.stdout)\n\(run.stderr)")
}

@Suite("Reliability: one run per database", .serialized)
struct ReliabilityLockTests {
    @Test("A run refuses at once while another process holds the database's lock, naming its pid; after release it runs")
    func refusedWhileLocked() async throws {
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        let server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: try KnowledgeSnapshot.sampleGazetteer()))
        defer { Task { try? await server.shutdown() } }

        let lock = try RunLock.acquire(databasePath: workspace.database)
        let refused = try await workspace.process(server)
        #expect(refused.exitCode == 1, "stdout: \(refused.stdout)\nstderr: \(refused.stderr)")
        let message = "another hinbox process (pid \(getpid())) is processing \(workspace.database); wait for it to finish or use another --db"
        #expect(refused.stderr.contains(message), "\(refused.stderr)")
        #expect(server.requests.isEmpty, "the refused run called the model")
        #expect(try SQLiteStore.open(path: workspace.database).counts().articles == 0)
        lock.release()

        let run = try await workspace.process(server)
        #expect(run.exitCode == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        #expect(run.stdout.contains("10 processed, 0 failed"), "\(run.stdout)")
        // The lock is free again once the run ended.
        let again = try RunLock.acquire(databasePath: workspace.database)
        again.release()
    }

    @Test("A second hinbox on a running one's database is refused with the first's pid; kill -9 leaves no stale lock")
    func secondProcessRefused() async throws {
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        let gazetteer = try KnowledgeSnapshot.sampleGazetteer()
        // The first run stops before its first article's extraction and stays running.
        let holding = try await HoldingServer.start(gazetteer: gazetteer, holding: Set(workspace.articleIDs))
        defer { Task { try? await holding.server.shutdown() } }
        let first = try await workspace.launch(holding.server)
        defer { first.cleanUp() }
        try await waitUntilLocked(first, database: workspace.database)

        let server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: gazetteer))
        defer { Task { try? await server.shutdown() } }
        let second = try await workspace.process(server)
        #expect(second.exitCode == 1)
        #expect(second.stderr.contains("another hinbox process (pid \(first.pid)) is processing \(workspace.database)"), "\(second.stderr)")
        #expect(server.requests.isEmpty)

        first.signal(SIGKILL)
        _ = await first.waitForExit()
        let third = try await workspace.process(server)
        #expect(third.exitCode == 0, "stdout: \(third.stdout)\nstderr: \(third.stderr)")
        #expect(third.stdout.contains("10 processed, 0 failed"), "\(third.stdout)")
    }
}
