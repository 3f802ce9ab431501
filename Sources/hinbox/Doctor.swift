import ArgumentParser
import Foundation
import HinboxApp

struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the configuration, the model server, the database and Phoenix, and say what to fix.",
        discussion: """
            Prints one line per check (✓ or ✗, and what to fix). Makes one small chat request and one embedding \
            request; never prints API keys and never starts the embedded model server. \
            Exit code: 0 when every check passes, 1 otherwise.
            """
    )

    @Option(help: "Domain under config/domains/ (env HINBOX_DOMAIN).")
    var domain: String?

    @Option(help: ArgumentHelp("Chat model as provider/model (env HINBOX_MODEL).", valueName: "model"))
    var model: String?

    @Option(name: .customLong("embedding-model"), help: "Embedding model, same form as --model (env HINBOX_EMBEDDING_MODEL).")
    var embeddingModel: String?

    @Option(name: .customLong("base-url"), help: "OpenAI-compatible base URL for any other server (env HINBOX_BASE_URL).")
    var baseURL: String?

    @Option(help: "Phoenix project name (env PHOENIX_PROJECT_NAME; default hinbox).")
    var project: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        var overrides = common.overrides
        overrides.domain = domain
        overrides.model = model
        overrides.embeddingModel = embeddingModel
        overrides.baseURL = baseURL
        overrides.project = project
        let doctor = HinboxApp.Doctor(
            overrides: overrides, environment: ProcessInfo.processInfo.environment,
            logger: CLILogging.logger(verbose: common.verbose))
        let checks = await doctor.run { Console.out($0.line) }
        Console.out(HinboxApp.Doctor.summary(checks))
        let code = HinboxApp.Doctor.exitCode(checks)
        if code != 0 { throw ExitCode(code) }
    }
}
