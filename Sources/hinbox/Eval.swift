import ArgumentParser
import Foundation
import HinboxApp

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score entity resolution against gold-labelled documents (e.g. ../shared/data/conll-dev).",
        discussion: """
            Each folder holds JSON documents with gold mentions and Wikipedia links. The gold mentions stand in for \
            extraction; hinbox's resolver merges them across documents (in id order) with the configured embedder, \
            and the clusters are scored against the links: pairwise and B-cubed precision/recall/F1, next to an \
            exact-name baseline. No database is written and no traces are exported. See docs/EVALUATION.md. \
            --model is the chat model for --match-check and --extraction. \
            A missing folder is skipped with a message. Exit code: 0 unless a document cannot be read or a model fails.
            """
    )

    @Argument(help: "Folders of gold-labelled JSON documents.", completion: .directory)
    var directories: [String]

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Flag(name: .customLong("match-check"), help: "Ask the chat model about uncertain matches (default off: the resolver alone).")
    var matchCheck = false

    @Flag(help: "Also score extraction with the chat model (name-level, lenient on type; one call per type per document).")
    var extraction = false

    @Flag(name: .customLong("no-collapse"), help: "Don't fold short forms into full names within a document before resolving.")
    var noCollapse = false

    @Option(help: "Use the first N documents of each folder (in id order).")
    var limit: Int?

    @Option(help: ArgumentHelp("Write every item of the run as JSON lines (document, name, gold link, entity, reason, candidates).", valueName: "file"))
    var items: String?

    @Option(help: ArgumentHelp("Also score a resolution-policy variant, e.g. same_name_margin=0.3,grey_width=0.05 (repeatable).", visibility: .hidden))
    var policy: [String] = []

    @OptionGroup var models: ModelOptions

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        var overrides = common.overrides
        models.apply(to: &overrides)
        overrides.noTrace = true
        let logger = CLILogging.logger(verbose: common.verbose)
        try await common.reportingErrors {
            let configuration = try AppConfiguration(overrides: overrides)
            var run = EvalRun(configuration: configuration, directories: directories, logger: logger)
            run.json = json
            run.matchCheck = matchCheck
            run.extraction = extraction
            run.limit = limit
            run.collapseAliases = !noCollapse
            run.policyVariants = policy
            run.itemsFile = items
            return try await run.run()
        }
    }
}
