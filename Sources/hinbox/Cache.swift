import ArgumentParser
import HinboxApp

struct Cache: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect or empty the reply cache (model replies kept on disk, keyed by model, messages, schema and parameters).",
        subcommands: [Stats.self, Clear.self]
    )

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How many replies the cache holds, and its size.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let code = await CLIErrors.reporting(verbose: common.verbose) {
                Console.out(ReplyCacheReport.stats(try AppConfiguration(overrides: common.overrides)))
                return 0
            }
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove every cached reply (the next runs pay for every call again).")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let code = await CLIErrors.reporting(verbose: common.verbose) {
                Console.out(try ReplyCacheReport.clear(try AppConfiguration(overrides: common.overrides)))
                return 0
            }
            if code != 0 { throw ExitCode(code) }
        }
    }
}
