import HinboxOTLP
public import Logging

/// `hinbox traces push`: delivers the spool of undelivered spans.
public struct TracesPush: Sendable {
    public var configuration: AppConfiguration
    public var logger: Logger

    public init(configuration: AppConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws -> Int32 {
        let otlp = TracingSetup.configuration(configuration.tracing, cacheDirectory: configuration.cacheDirectory)
        let pending = OTLPSpool.pendingFiles(in: otlp.spoolDirectory).count
        guard pending > 0 else {
            Console.out("No spooled spans in \(otlp.spoolDirectory).")
            return 0
        }
        let result = await OTLPSpool.push(configuration: otlp, logger: logger)
        Console.out("Delivered \(result.delivered) spans (\(result.deliveredFiles) batches) to \(configuration.tracing.endpoint); \(result.remaining) remain.")
        if result.remainingFiles > 0 {
            Console.error("could not deliver \(result.remainingFiles) batches: \(result.lastError ?? "unknown error"). Is Phoenix running at \(configuration.tracing.endpoint)?")
            return 1
        }
        return 0
    }
}
