import AsyncHTTPClient
import Foundation
public import Logging
import Tracing

/// The local spool of undelivered batches: one `spool-<unixnanos>-<uuid>.pb` file per batch, holding the
/// exact `ExportTraceServiceRequest` body that would have been POSTed.
///
/// ```swift
/// let result = await OTLPSpool.push(configuration: configuration, logger: logger)
/// logger.info("sent \(result.delivered) spooled spans, \(result.remaining) still pending")
/// ```
public enum OTLPSpool {
    /// What ``push(configuration:logger:)`` achieved.
    public struct PushResult: Sendable, Equatable {
        /// Spans delivered (their files deleted).
        public var delivered: Int = 0
        /// Spans still in the spool.
        public var remaining: Int = 0
        /// Files delivered and deleted.
        public var deliveredFiles: Int = 0
        /// Files still in the spool.
        public var remainingFiles: Int = 0
        /// The last failure, if any (no header values).
        public var lastError: String?

        /// An empty result.
        public init() {}
    }

    /// Sends every spooled batch, oldest first, deleting each file the collector accepts (2xx).
    ///
    /// A batch refused with 4xx (other than 408/429) stays in the spool and its error is reported; 401/403
    /// stop the push (every batch would get the same answer). Busy answers (503/429/…) are retried with
    /// back-off, so a large spool drains at the collector's pace, until no batch has got through for
    /// `pushPatience`; an unreachable collector stops the push at once. Cancellation stops it too.
    /// Re-sending is safe: Phoenix keeps the first copy of a span id.
    /// - Parameters:
    ///   - configuration: Endpoint, headers, timeouts and the spool directory.
    ///   - logger: Receives one warning per refused batch; never header values.
    /// - Returns: Spans and files delivered and remaining.
    public static func push(configuration: OTLPConfiguration, logger: Logger) async -> PushResult {
        let files = pendingFiles(in: configuration.spoolDirectory)
        var result = PushResult()
        guard !files.isEmpty else { return result }
        let client = OTLPHTTPSender.makeClient(requestTimeout: configuration.requestTimeout)
        let sender = OTLPHTTPSender(client: client, url: configuration.tracesURL, headers: configuration.headers)
        var stopped = false
        var lastProgress = ContinuousClock.now
        for file in files {
            guard let body = FileManager.default.contents(atPath: file).map(Array.init) else { continue }
            let spans = spanCount(of: body)
            var outcome = FileOutcome.kept
            if !stopped {
                outcome = await deliver(body, file: file, sender, configuration, logger, &result, &lastProgress)
                stopped = outcome == .stop
            }
            if outcome == .delivered {
                result.delivered += spans
                result.deliveredFiles += 1
            } else {
                result.remaining += spans
                result.remainingFiles += 1
            }
        }
        try? await client.shutdown()
        return result
    }

    private enum FileOutcome { case delivered, kept, stop }

    /// Sends one spooled batch, retrying busy answers within the patience budget; deletes the file on 2xx.
    private static func deliver(
        _ body: [UInt8], file: String, _ sender: OTLPHTTPSender, _ configuration: OTLPConfiguration,
        _ logger: Logger, _ result: inout PushResult, _ lastProgress: inout ContinuousClock.Instant
    ) async -> FileOutcome {
        var backoff = OTLPBackoff(initial: configuration.retryInitialBackoff, maximum: configuration.retryMaxBackoff)
        while true {
            switch await sender.send(body, timeout: configuration.requestTimeout) {
            case .delivered:
                try? FileManager.default.removeItem(atPath: file)
                lastProgress = .now
                return .delivered
            case .retryable(let reason, let retryAfter, let isConnectionFailure):
                result.lastError = reason
                let delay = backoff.next(retryAfter: retryAfter)
                if isConnectionFailure || ContinuousClock.now + delay - lastProgress > configuration.pushPatience {
                    return .stop
                }
                try? await Task.sleep(for: delay)
                if Task.isCancelled { return .stop }
            case .rejected(let status, let reason):
                result.lastError = reason
                logger.warning(
                    "OTLP collector refused a spooled batch; kept in the spool",
                    metadata: ["file": "\(file)", "status": "\(status)", "reason": "\(reason)"])
                return status == 401 || status == 403 ? .stop : .kept
            case .cancelled:
                return .stop
            }
        }
    }

    /// Paths of the spooled batches in `directory`, oldest first.
    public static func pendingFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("spool-") && $0.hasSuffix(".pb") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The number of spans waiting in the spool.
    public static func pendingSpanCount(in directory: String) -> Int {
        pendingFiles(in: directory).reduce(0) { total, file in
            total + (FileManager.default.contents(atPath: file).map { spanCount(of: Array($0)) } ?? 0)
        }
    }

    /// Writes one batch atomically (temporary file + rename) and returns its path. The directory is created
    /// owner-only (0700): span content may include prompts.
    static func write(_ body: [UInt8], to directory: String) throws -> String {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let nanos = DefaultTracerClock.now.nanosecondsSinceEpoch
        let padded = String(repeating: "0", count: max(0, 20 - String(nanos).count)) + String(nanos)
        let name = "spool-\(padded)-\(UUID().uuidString.lowercased()).pb"
        let path = (directory as NSString).appendingPathComponent(name)
        let temporary = (directory as NSString).appendingPathComponent(".\(name).tmp")
        try Data(body).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "rename failed: errno \(code)"])
        }
        return path
    }

    /// Counts `ResourceSpans(1) → ScopeSpans(2) → Span(2)` entries in an encoded request; 0 if malformed.
    static func spanCount(of body: [UInt8]) -> Int {
        func fields(_ bytes: ArraySlice<UInt8>, _ number: Int) throws(ProtobufReaderError) -> [ArraySlice<UInt8>] {
            var reader = ProtobufReader(bytes)
            var found: [ArraySlice<UInt8>] = []
            while let (field, value) = try reader.next() {
                if field == number, case .bytes(let payload) = value { found.append(payload) }
            }
            return found
        }
        do {
            var count = 0
            for resourceSpans in try fields(body[...], 1) {
                for scopeSpans in try fields(resourceSpans, 2) { count += try fields(scopeSpans, 2).count }
            }
            return count
        } catch {
            return 0
        }
    }
}
