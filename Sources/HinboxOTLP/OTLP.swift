public import Logging
public import Tracing

/// Entry points of the OTLP exporter.
///
/// ```swift
/// let (tracer, exporter) = OTLP.make(configuration: configuration, logger: logger)
/// InstrumentationSystem.bootstrap(tracer)
/// // run `exporter` first in a ServiceGroup; afterwards:
/// let report = await exporter.flushAndReport()
/// ```
public enum OTLP {
    /// Creates a tracer and the exporter that delivers its spans.
    ///
    /// The exporter must run (``OTLPExporter/run()``, e.g. in a `ServiceGroup`) for spans to leave the
    /// process; spans that end after it has stopped are written straight to the spool.
    /// - Parameters:
    ///   - configuration: Endpoint, headers, batching, back-off and spool directory.
    ///   - logger: Receives warnings (refused batches, spooling); never header values.
    /// - Returns: The tracer to bootstrap and the exporter service.
    public static func make(
        configuration: OTLPConfiguration,
        logger: Logger
    ) -> (tracer: OTLPTracer, exporter: OTLPExporter) {
        let encoder = OTLPEncoder(resourceAttributes: configuration.resourceAttributes)
        let spoolDirectory = configuration.spoolDirectory
        let queue = OTLPSpanQueue(signalThreshold: configuration.maxBatchSize) { spans in
            do {
                let path = try OTLPSpool.write(encoder.encode(spans), to: spoolDirectory)
                logger.warning(
                    "span ended after the OTLP exporter stopped; spooled",
                    metadata: ["file": "\(path)", "spans": "\(spans.count)"])
            } catch {
                logger.error(
                    "span ended after the OTLP exporter stopped and could not be spooled; lost",
                    metadata: ["error": "\(error)", "spans": "\(spans.count)"])
            }
        }
        let exporter = OTLPExporter(configuration: configuration, encoder: encoder, queue: queue, logger: logger)
        return (OTLPTracer(queue: queue), exporter)
    }

    /// The trace id of `span` as 32 lower-case hex digits, if an ``OTLPTracer`` started it.
    ///
    /// Phoenix shows the trace at `<endpoint>/redirects/traces/<trace id>`.
    public static func traceID(of span: any Span) -> String? {
        span.context.otlpTraceID
    }
}
