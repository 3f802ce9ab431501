import Foundation
public import HinboxOTLP
public import Logging

/// The exporter type commands hand to ``ProcessRun`` (so the CLI need not import HinboxOTLP).
public typealias TracingExporter = OTLPExporter

/// The CLI's logger: warnings and errors to stderr, everything with `--verbose`.
public enum CLILogging {
    public static func logger(verbose: Bool) -> Logger {
        var logger = Logger(label: "hinbox") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}

/// Turns errors into one clear line on stderr and an exit code, instead of a stack trace.
public enum CLIErrors {
    /// Runs `body`; on error prints `error: <description>` and returns 1.
    public static func reporting(verbose: Bool, _ body: () async throws -> Int32) async -> Int32 {
        do {
            return try await body()
        } catch is CancellationError {
            return 130
        } catch {
            Console.error(String(describing: error))
            if verbose { Console.error(String(reflecting: error)) }
            return 1
        }
    }
}
