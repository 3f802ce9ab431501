import Logging

extension OTLPExporter {
    /// While delivery is failing, moves queued spans beyond `maxQueuedSpans` to the spool.
    func spoolOverflow() {
        let overflow = queue.takeOverflow(beyond: configuration.maxQueuedSpans)
        guard !overflow.isEmpty else { return }
        logger.debug(
            "OTLP queue over its limit while delivery fails; spooling", metadata: ["spans": "\(overflow.count)"])
        spoolInBatches(overflow)
    }

    /// Closes the queue and spools the in-flight batch and everything still queued.
    func spoolRemaining() {
        let before = report.spooled
        if let batch = inFlight {
            inFlight = nil
            spool(batch)
        }
        spoolInBatches(queue.close())
        let spooled = report.spooled - before
        guard spooled > 0 else { return }
        logger.warning(
            "could not deliver \(Self.grouped(spooled)) spans to \(configuration.tracesURL); spooled for a later push",
            metadata: ["spool": "\(configuration.spoolDirectory)", "reason": "\(report.lastError ?? "shutdown")"])
    }

    func spoolInBatches(_ spans: [OTLPFinishedSpan]) {
        var start = 0
        while start < spans.count {
            let end = min(start + configuration.maxBatchSize, spans.count)
            spool(Batch(body: encoder.encode(spans[start..<end]), count: end - start))
            start = end
        }
    }

    /// Writes one batch to the spool; if even that fails the spans are counted as dropped and logged.
    func spool(_ batch: Batch) {
        do {
            let path = try OTLPSpool.write(batch.body, to: configuration.spoolDirectory)
            report.spooled += batch.count
            report.spoolFiles.append(path)
        } catch {
            report.dropped += batch.count
            logger.error(
                "could not write the OTLP spool; spans lost",
                metadata: ["spool": "\(configuration.spoolDirectory)", "error": "\(error)", "spans": "\(batch.count)"])
        }
    }
}
