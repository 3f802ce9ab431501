import ArgumentParser
import Foundation
import HinboxApp

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, the model server, the database and Phoenix, and say what to fix.",
        discussion: """
            Prints one line per check (✓ or ✗, and what to fix). Makes one small chat request and one embedding \
            request; never prints API keys and never starts the embedded model server. \
            Exit code: 0 when every check passes, 1 otherwise.
            """
    )

    @OptionGroup var models: ModelOptions

    @Option(help: "Phoenix project name (env PHOENIX_PROJECT_NAME; default hinbox).")
    var project: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        var overrides = common.overrides
        models.apply(to: &overrides)
        overrides.project = project
        let doctor = Doctor(
            overrides: overrides, environment: ProcessInfo.processInfo.environment,
            logger: CLILogging.logger(verbose: common.verbose))
        let checks = await doctor.run { Console.out($0.line) }
        Console.out(Doctor.summary(checks))
        let code = Doctor.exitCode(checks)
        if code != 0 { throw ExitCode(code) }
    }
}
