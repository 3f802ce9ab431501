/// Where and how ``OTLPExporter`` delivers spans (OTLP/HTTP protobuf), and where it spools what it cannot deliver.
///
/// ```swift
/// var configuration = OTLPConfiguration(endpoint: "http://127.0.0.1:6006", spoolDirectory: ".hinbox/spool")
/// configuration.headers = [("authorization", "Bearer \(key)"), ("api_key", key)]
/// configuration.resourceAttributes = ["service.name": "hinbox", "openinference.project.name": "hinbox"]
/// ```
public struct OTLPConfiguration: Sendable {
    /// Base URL of the collector, e.g. `http://127.0.0.1:6006`. Spans are POSTed to `endpoint + "/v1/traces"`
    /// unless the endpoint already ends in `/v1/traces`.
    public var endpoint: String
    /// Extra request headers, e.g. `("authorization", "Bearer …")`. Values are never logged.
    public var headers: [(String, String)] = []
    /// Resource attributes sent with every batch; include `service.name` and `openinference.project.name`.
    public var resourceAttributes: [String: String] = [:]
    /// Most spans per request.
    public var maxBatchSize: Int = 512
    /// How long a partial batch waits before it is sent.
    public var scheduleDelay: Duration = .milliseconds(500)
    /// Timeout of one export request (also the connect timeout).
    public var requestTimeout: Duration = .seconds(3)
    /// The longest the exporter keeps trying at exit before it spools what is left.
    public var shutdownGracePeriod: Duration = .seconds(5)
    /// First back-off after a retryable failure (503, 429, 408, 502, 504, connection errors); doubles per attempt.
    public var retryInitialBackoff: Duration = .milliseconds(200)
    /// Longest back-off between attempts (a server's `Retry-After` may ask for more, up to a minute).
    public var retryMaxBackoff: Duration = .seconds(5)
    /// How long ``OTLPSpool/push(configuration:logger:)`` keeps retrying busy answers (503, 429) when no
    /// batch has got through, before it gives up and leaves the rest in the spool.
    public var pushPatience: Duration = .seconds(60)
    /// While delivery is failing, spans queued beyond this many are written to the spool instead of held in memory.
    public var maxQueuedSpans: Int = 20_000
    /// Directory for undelivered batches (`spool-<unixnanos>-<uuid>.pb`); created on first use.
    public var spoolDirectory: String

    /// Creates a configuration with default batching, timeouts and back-off.
    /// - Parameters:
    ///   - endpoint: Collector base URL (or the full `/v1/traces` URL).
    ///   - spoolDirectory: Directory for undelivered batches.
    public init(endpoint: String, spoolDirectory: String) {
        self.endpoint = endpoint
        self.spoolDirectory = spoolDirectory
    }

    /// The URL spans are POSTed to.
    public var tracesURL: String {
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix("/v1/traces") ? base : base + "/v1/traces"
    }
}
