import Foundation
import HinboxCore
public import Logging

/// `hinbox eval`: scores entity resolution (and optionally extraction) against gold-labelled
/// document folders, prints a table or JSON. Writes no database and exports no traces.
public struct EvalRun: Sendable {
    public var configuration: AppConfiguration
    public var directories: [String]
    public var json = false
    /// Ask the chat model about uncertain matches (off by default: the figure is the resolver's own).
    public var matchCheck = false
    /// Also score extraction with the chat model (one call per type per document).
    public var extraction = false
    public var limit: Int?
    /// Fold short forms into full names inside a document, as the extraction quality check does.
    public var collapseAliases = true
    /// Extra `ResolutionPolicy` variants to score beside the configured one, each written
    /// `same_name_margin=0.3,grey_width=0.05` (fields: same_name_margin, partial_name_margin,
    /// grey_width, vector_only). Vectors are computed once and reused.
    public var policyVariants: [String] = []
    /// Where to write every item of the main run as JSON lines (document, type, name, link,
    /// entity, reason, candidates), for reading the errors.
    public var itemsFile: String?
    public var logger: Logger

    public init(configuration: AppConfiguration, directories: [String], logger: Logger) {
        self.configuration = configuration
        self.directories = directories
        self.logger = logger
    }

    /// One dataset's results, as `--json` prints them.
    struct DatasetJSON: Encodable {
        struct Variant: Encodable {
            var policy: [String: Double]
            var system: ClusterScores
            var merges: Int
            var entities: Int
        }

        var name: String
        var path: String
        var skipped: String?
        var documents: Int?
        var items: Int?
        var linkedItems: Int?
        var goldClusters: Int?
        var embeddingModel: String?
        var matchCheck: Bool?
        var collapseAliases: Bool?
        var policy: [String: Double]?
        var seconds: Double?
        var entities: Int?
        var decisions: Int?
        var merges: Int?
        var system: ClusterScores?
        var baseline: ClusterScores?
        var variants: [Variant]?
        var extraction: ExtractionEvaluation.Report?
    }

    struct OutputJSON: Encodable {
        var model: String
        var embeddingModel: String
        var domain: String
        var datasets: [DatasetJSON]
    }

    /// Runs and returns the exit code (0; skipped folders are reported, not failures).
    public func run() async throws -> Int32 {
        try await LocalModelServer(configuration: configuration).scoped { try await run(ensureLocalServer: $0) }
    }

    private func run(ensureLocalServer: () async throws -> Void) async throws -> Int32 {
        let domain = try DomainConfig.load(name: configuration.domainName, configDirectory: configuration.configDirectory)
        let variants = try policyVariants.map(Self.parsePolicy)
        // Read every folder first: a bad document fails before any model is started.
        var datasets: [(path: String, documents: [GoldDocument]?)] = []
        for directory in directories {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue {
                datasets.append((directory, try GoldDocument.load(directory: directory, limit: limit)))
            } else {
                Console.warn("skipped \(directory): no such directory (the gold data lives in ../shared/data; see its README)")
                datasets.append((directory, nil))
            }
        }
        var results: [DatasetJSON] = datasets.filter { $0.documents == nil }.map {
            DatasetJSON(name: Self.name(of: $0.path), path: $0.path, skipped: "no such directory")
        }
        let toRun = datasets.compactMap { entry in entry.documents.map { (entry.path, $0) } }
        guard !toRun.isEmpty else {
            if json { Console.out(JSONOutput.encode(OutputJSON(model: configuration.model, embeddingModel: configuration.embeddingModel, domain: domain.name, datasets: results))) }
            return 0
        }

        try await ensureLocalServer()
        let clients = try ModelClients(configuration: configuration, logger: logger)
        do {
            let needsChat = matchCheck || extraction
            let prompts = needsChat ? try PromptLibrary.load(promptsDirectory: configuration.promptsDirectory, domain: domain.name) : nil
            let chat = StructuredChat(model: clients.chat)
            if !json {
                Console.out("hinbox eval · embeddings \(configuration.embeddingModel) · match check \(matchCheck ? "on (\(configuration.model))" : "off") · domain \(domain.name)\(collapseAliases ? "" : " · no in-document alias collapse")")
            }
            for (path, documents) in toRun {
                let name = Self.name(of: path)
                progressNote("\(name): resolving \(documents.count) documents…")
                let embedder = CachingEmbedder(clients.embedder)
                var resolver = EntityResolver(
                    domain: domain, embedder: embedder,
                    matchChecker: matchCheck ? MatchChecker(chat: chat, domain: domain, prompts: prompts!) : nil)
                var evaluation = ResolutionEvaluation(resolver: resolver)
                evaluation.collapseAliases = collapseAliases
                let report = try await evaluation.run(documents)
                if let itemsFile { try Self.appendItems(report.items, dataset: name, to: itemsFile, truncate: path == toRun[0].0) }
                var result = DatasetJSON(
                    name: name, path: path, documents: report.documents, items: report.items.count,
                    linkedItems: report.system.items, goldClusters: report.system.goldClusters,
                    embeddingModel: configuration.embeddingModel, matchCheck: matchCheck, collapseAliases: collapseAliases,
                    policy: Self.describe(resolver.policy), seconds: report.seconds, entities: report.entities,
                    decisions: report.decisions, merges: report.merges, system: report.system, baseline: report.baseline)
                if !variants.isEmpty {
                    result.variants = []
                    for policy in variants {
                        resolver.policy = policy
                        evaluation.resolver = resolver
                        let variant = try await evaluation.run(documents)
                        result.variants!.append(.init(policy: Self.describe(policy), system: variant.system, merges: variant.merges, entities: variant.entities))
                    }
                }
                if extraction {
                    progressNote("\(name): extracting with \(configuration.model)…")
                    let settings = configuration.settings
                    let extractor = EntityExtractor(
                        chat: chat, domain: domain, prompts: prompts!, temperature: settings.temperature, maxTokens: settings.maxTokens,
                        limits: configuration.outputLimits)
                    result.extraction = await ExtractionEvaluation(extractor: extractor).run(documents)
                }
                results.append(result)
                if !json { Self.printTable(result, model: configuration.model) }
            }
        } catch {
            try? await clients.shutdown()
            throw error
        }
        try await clients.shutdown()
        if json {
            let order = directories.map(Self.name(of:))
            results.sort { (order.firstIndex(of: $0.name) ?? 0) < (order.firstIndex(of: $1.name) ?? 0) }
            Console.out(JSONOutput.encode(OutputJSON(model: configuration.model, embeddingModel: configuration.embeddingModel, domain: domain.name, datasets: results)))
        }
        return 0
    }

    /// One JSON object per line; the first dataset starts the file afresh.
    static func appendItems(_ items: [GoldItem], dataset: String, to file: String, truncate: Bool) throws {
        struct Line: Encodable {
            var dataset: String
            var item: GoldItem
            func encode(to encoder: any Encoder) throws {
                try item.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(dataset, forKey: Key(stringValue: "dataset"))
                try container.encode(item.baselineID, forKey: Key(stringValue: "baseline_id"))
            }
        }
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for item in items {
            data.append(try encoder.encode(Line(dataset: dataset, item: item)))
            data.append(0x0A)
        }
        if truncate || !FileManager.default.fileExists(atPath: file) {
            try data.write(to: URL(fileURLWithPath: file))
        } else {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        }
    }

    static func name(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return (trimmed as NSString).lastPathComponent
    }

    /// Parses `same_name_margin=0.3,grey_width=0.05` onto the default policy.
    static func parsePolicy(_ text: String) throws -> ResolutionPolicy {
        var policy = ResolutionPolicy()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let value = Double(pair[1]) else { throw ConfigError("--policy \(text): write name=value pairs, e.g. same_name_margin=0.3") }
            switch pair[0].replacingOccurrences(of: "-", with: "_") {
            case "same_name_margin": policy.sameNameMargin = value
            case "partial_name_margin": policy.partialNameMargin = value
            case "grey_width": policy.greyWidth = value
            case "vector_only": policy.vectorOnly = value
            default: throw ConfigError("--policy: unknown field \(pair[0]) (same_name_margin, partial_name_margin, grey_width, vector_only)")
            }
        }
        return policy
    }

    static func describe(_ policy: ResolutionPolicy) -> [String: Double] {
        ["same_name_margin": policy.sameNameMargin, "partial_name_margin": policy.partialNameMargin,
         "grey_width": policy.greyWidth, "vector_only": policy.vectorOnly]
    }

    static func printTable(_ result: DatasetJSON, model: String) {
        guard let system = result.system, let baseline = result.baseline else { return }
        Console.out("")
        Console.out("\(result.name): \(result.documents ?? 0) documents · \(result.items ?? 0) items, \(system.items) with a gold link · \(system.goldClusters) gold clusters · \(String(format: "%.1f", result.seconds ?? 0)) s")
        Console.out(pad("", 24) + pad("pairwise", 24) + pad("B-cubed", 24) + "system")
        Console.out(pad("", 24) + pad("P", 8) + pad("R", 8) + pad("F1", 8) + pad("P", 8) + pad("R", 8) + pad("F1", 8) + "clusters")
        func row(_ label: String, _ scores: ClusterScores) -> String {
            pad(label, 24) + fmt(scores.pairwise.precision) + fmt(scores.pairwise.recall) + fmt(scores.pairwise.f1)
                + fmt(scores.bcubed.precision) + fmt(scores.bcubed.recall) + fmt(scores.bcubed.f1) + String(scores.systemClusters)
        }
        Console.out(row("hinbox resolver", system))
        Console.out(row("exact-name baseline", baseline))
        for variant in result.variants ?? [] {
            let changed = describeChanges(variant.policy)
            Console.out(row("  policy " + changed, variant.system))
        }
        if let extraction = result.extraction {
            Console.out("extraction (\(model), name-level, lenient on type; \(extraction.failed) of \(extraction.documents) documents failed; \(String(format: "%.1f", extraction.seconds)) s):")
            for type in ExtractionEvaluation.types {
                guard let counts = extraction.perType[type.rawValue] else { continue }
                let scores = counts.scores
                Console.out("  " + pad(type.plural, 20) + "P " + fmt(scores.precision) + "R " + fmt(scores.recall) + "F1 " + fmt(scores.f1)
                    + " (\(counts.extractedCorrect)/\(counts.extracted) extracted, \(counts.goldFound)/\(counts.gold) gold)")
            }
            let overall = extraction.overall.scores
            Console.out("  " + pad("all", 20) + "P " + fmt(overall.precision) + "R " + fmt(overall.recall) + "F1 " + fmt(overall.f1))
        }
    }

    private static func describeChanges(_ policy: [String: Double]) -> String {
        let defaults = describe(ResolutionPolicy())
        let changed = policy.keys.sorted().filter { policy[$0] != defaults[$0] }.map { "\($0)=\(policy[$0]!)" }
        return changed.isEmpty ? "(default)" : changed.joined(separator: ",")
    }

    private static func fmt(_ value: Double) -> String { pad(String(format: "%.3f", value), 8) }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

/// A progress note on stderr (kept out of `--json` output).
private func progressNote(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
