import ArgumentParser
import HinboxApp

struct Traces: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage traces that could not be delivered to Phoenix.",
        subcommands: [Push.self]
    )

    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send spooled spans to Phoenix (PHOENIX_COLLECTOR_ENDPOINT) and delete what was delivered.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let logger = CLILogging.logger(verbose: common.verbose)
            try await common.reportingErrors {
                try await TracesPush(configuration: AppConfiguration(overrides: common.overrides), logger: logger).run()
            }
        }
    }
}
