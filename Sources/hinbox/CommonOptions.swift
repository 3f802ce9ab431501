import ArgumentParser
import HinboxApp
import HinboxCore

/// Options every command shares: where the database and the configuration are.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "SQLite database file, or a PostgreSQL URL postgres://USER[:PASSWORD]@HOST:PORT/DB (env HINBOX_DATABASE_URL, HINBOX_DB).",
        valueName: "file|url"), completion: .file())
    var db: String?

    @Option(name: .customLong("config-dir"), help: ArgumentHelp(
        "hinbox checkout holding config/ and prompts/ (env HINBOX_HOME; default: the current directory or the one the binary was built in).",
        valueName: "dir"), completion: .directory)
    var configDir: String?

    @Flag(name: .shortAndLong, help: "Print debug logs and full errors.")
    var verbose = false

    /// The overrides these options give.
    var overrides: AppConfiguration.Overrides {
        var overrides = AppConfiguration.Overrides()
        overrides.database = db
        overrides.configDirectory = configDir
        return overrides
    }

    /// Runs a command's work: an error is printed (in full with `--verbose`) and a non-zero code
    /// ends the command with that exit code.
    func reportingErrors(_ body: () async throws -> Int32) async throws {
        let code = await CLIErrors.reporting(verbose: verbose, body)
        if code != 0 { throw ExitCode(code) }
    }

    /// Prints what `read` answers from the knowledge base (read commands).
    func printQuery(_ read: (KnowledgeQueries) async throws -> String) async throws {
        try await reportingErrors {
            let queries = try await KnowledgeQueries.open(AppConfiguration(overrides: overrides))
            defer { Task { await queries.store.close() } }
            Console.out(try await read(queries))
            return 0
        }
    }

    /// Prints what `correct` answers after changing the knowledge base (`profiles merge/split`).
    func printCorrection(_ correct: (ProfileCorrections) async throws -> String) async throws {
        try await reportingErrors {
            let corrections = try await ProfileCorrections.open(AppConfiguration(overrides: overrides))
            defer { Task { await corrections.store.close() } }
            Console.out(try await correct(corrections))
            return 0
        }
    }
}
