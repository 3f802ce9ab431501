import ArgumentParser
import HinboxApp

struct Domains: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List research domains or create a new one.",
        discussion: """
            A domain is config/domains/<name>/domain.yaml (what to extract, how to merge) plus optional prompt \
            overrides in prompts/<name>/. Pick one with `hinbox process --domain <name>`.
            """,
        subcommands: [List.self, Init.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List domains: name, entity types, where the config and prompts are.")

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let code = await CLIErrors.reporting(verbose: common.verbose) {
                Console.out(try DomainsRun(configDirectory: common.configDir).list(json: json))
                return 0
            }
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a domain from a template: a commented domain.yaml and its prompt files, ready to edit.",
            discussion: "Refuses to overwrite an existing domain.")

        @Argument(help: "The new domain's name: lowercase letters, digits, '-' and '_', starting with a letter.")
        var name: String

        @Option(help: "The domain to copy.")
        var from = "news"

        @OptionGroup var common: CommonOptions

        func validate() throws {
            do { try DomainsRun.validate(name: name) } catch { throw ValidationError("\(error)") }
        }

        func run() async throws {
            let code = await CLIErrors.reporting(verbose: common.verbose) {
                Console.out(try DomainsRun(configDirectory: common.configDir).initialize(name: name, from: from))
                return 0
            }
            if code != 0 { throw ExitCode(code) }
        }
    }
}
