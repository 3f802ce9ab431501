import ArgumentParser
import HinboxApp
import HinboxWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Browse the knowledge base in a web browser.",
        discussion: """
            Serves server-rendered pages over the database, opened read-only, so it can run while \
            `hinbox process` writes (reload to see new articles): counts per type, lists with search and \
            filters, profiles with versions, diffs and citations, articles with their mentions, and a review \
            queue of risky resolution decisions. Ctrl-C stops it. With --allow-edits the review queue can \
            merge and split (as `hinbox profiles merge/split`, under the run lock); without it nothing is changed.
            """)

    @Option(help: "Interface to listen on (default loopback only).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 5001

    @Flag(name: .customLong("allow-edits"), help: "Let the review queue merge and split profiles.")
    var allowEdits = false

    @Option(name: .customLong("phoenix-url"), help: "Phoenix base URL for trace links (default: the configured collector endpoint).")
    var phoenixURL: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let code = await CLIErrors.reporting(verbose: common.verbose) {
            let configuration = try AppConfiguration(overrides: common.overrides)
            let settings = WebSettings(
                host: host, port: port, phoenixURL: phoenixURL ?? configuration.tracing.endpoint, allowEdits: allowEdits)
            let server = try await WebServing.server(
                databasePath: configuration.databasePath, settings: settings, logger: CLILogging.logger(verbose: common.verbose))
            try await server.run { url in
                Console.out("hinbox serves \(configuration.database) at \(url)\(allowEdits ? " (edits allowed)" : " (read-only)") · Ctrl-C stops")
            }
            return 0
        }
        if code != 0 { throw ExitCode(code) }
    }
}
