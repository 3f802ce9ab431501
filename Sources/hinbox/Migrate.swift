import ArgumentParser
import HinboxApp

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a SQLite knowledge base into a PostgreSQL database.",
        discussion: """
            Copies everything — runs, articles, entities, aliases, mentions, evidence vectors, profile \
            versions, versions kept from merged entities, resolution decisions — into an empty database \
            (create one with createdb, or scripts/postgres.sh start --db NAME), in one transaction, then \
            compares every table's row count with the source. The source is only read. Afterwards pass \
            the URL with --db (or HINBOX_DATABASE_URL) to every command.
            """)

    @Option(name: .long, help: ArgumentHelp("The SQLite database to copy.", valueName: "file"), completion: .file())
    var from: String

    @Option(name: .long, help: ArgumentHelp("The empty PostgreSQL database: postgres://USER[:PASSWORD]@HOST:PORT/DB.", valueName: "url"))
    var to: String

    @Flag(name: .shortAndLong, help: "Print debug logs and full errors.")
    var verbose = false

    func run() async throws {
        let code = await CLIErrors.reporting(verbose: verbose) {
            let report = try await KnowledgeBaseMigration.copy(from: from, to: to)
            Console.out(report.description)
            return report.matches ? 0 : 1
        }
        if code != 0 { throw ExitCode(code) }
    }
}
