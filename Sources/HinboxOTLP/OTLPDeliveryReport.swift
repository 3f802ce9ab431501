/// What happened to the spans an ``OTLPExporter`` was given.
///
/// After ``OTLPExporter/run()`` returns, every ended span is counted in exactly one of `exported`, `spooled`
/// or (only when even the spool could not be written, which is logged as an error) `dropped`.
public struct OTLPDeliveryReport: Sendable, Equatable {
    /// Spans the collector accepted (2xx).
    public var exported: Int = 0
    /// Spans written to the spool for a later ``OTLPSpool/push(configuration:logger:)``.
    public var spooled: Int = 0
    /// Spool files written by this exporter.
    public var spoolFiles: [String] = []
    /// Spans neither delivered nor spooled because writing the spool failed.
    public var dropped: Int = 0
    /// Spans still queued or in flight when the report was taken (0 once `run()` has returned).
    public var pending: Int = 0
    /// The last delivery failure (e.g. `HTTP 503`, a connection error); header values never appear here.
    public var lastError: String?

    /// Creates an empty report.
    public init() {}
}
