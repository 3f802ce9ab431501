import ArgumentParser
import Foundation
import HinboxApp

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the knowledge base as a static, self-contained HTML site.",
        discussion: """
            Writes the pages of `hinbox serve` (home, lists, every profile version, every article, the \
            review queue) as files under DIR, with the stylesheet and relative links: open DIR/index.html \
            from disk, no server or network needed. Search and filters need `hinbox serve`.
            """)

    @Option(name: .customLong("html"), help: ArgumentHelp("Folder to write the site into (created if needed).", valueName: "dir"),
            completion: .directory)
    var directory: String

    @Option(name: .customLong("phoenix-url"), help: "Phoenix base URL for trace links (default: the configured collector endpoint).")
    var phoenixURL: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let code = await CLIErrors.reporting(verbose: common.verbose) {
            let configuration = try AppConfiguration(overrides: common.overrides)
            let files = try await WebServing.exportSite(
                databasePath: configuration.databasePath, to: directory,
                phoenixURL: phoenixURL ?? configuration.tracing.endpoint)
            Console.out("Wrote \(files) files to \(directory); open \(directory)/index.html")
            return 0
        }
        if code != 0 { throw ExitCode(code) }
    }
}
