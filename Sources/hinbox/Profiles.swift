import ArgumentParser
import HinboxApp
import HinboxCore

struct Profiles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the profiles hinbox has written.",
        subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List profiles, grouped by type.")

        @Option(help: "Only this type: person, organization, location or event.")
        var type: String?

        @Option(help: "Only names or aliases containing this text (case-insensitive).")
        var search: String?

        @Flag(help: "Print a JSON array of {id, type, name, aliases, version, article_ids, tags}.")
        var json = false

        @OptionGroup var common: CommonOptions

        func validate() throws {
            if let type, EntityType(flexible: type) == nil {
                throw ValidationError("unknown type '\(type)'; use person, organization, location or event")
            }
        }

        func run() async throws {
            let code = await CLIErrors.reporting(verbose: common.verbose) {
                let queries = try KnowledgeQueries.open(AppConfiguration(overrides: common.overrides))
                Console.out(try await queries.listProfiles(type: type.flatMap(EntityType.init(flexible:)), search: search, json: json))
                return 0
            }
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one profile: text, sources, aliases and versions.")

        @Argument(help: "Entity id, name or alias.")
        var nameOrID: String

        @Option(help: "Show this version instead of the latest.")
        var version: Int?

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let code = await CLIErrors.reporting(verbose: common.verbose) {
                let queries = try KnowledgeQueries.open(AppConfiguration(overrides: common.overrides))
                Console.out(try await queries.showProfile(nameOrID, version: version, json: json))
                return 0
            }
            if code != 0 { throw ExitCode(code) }
        }
    }
}
