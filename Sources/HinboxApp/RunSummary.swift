import Foundation
import HinboxCore
import HinboxOTLP
import HinboxStore

/// The closing summary of `hinbox process`.
struct RunSummary {
    var report: RunReport?
    var started: Date
    var meter: UsageMeter
    var store: any KnowledgeBase
    var tracing: TracingSettings?
    var sessionID: String
    var delivery: OTLPDeliveryReport?

    private static func seconds(_ duration: Duration) -> String {
        Formatting.duration(Double(duration.milliseconds) / 1000)
    }

    func print() async {
        let elapsed = Formatting.duration(Date().timeIntervalSince(started))
        guard let report else {
            Console.out("Interrupted after \(elapsed); what was committed is kept. Run the same command again to resume.")
            return
        }
        var line = "Done in \(elapsed): \(report.processed.count) processed, \(report.failed.count) failed, \(report.skipped) skipped"
        if !report.irrelevant.isEmpty {
            line += ", \(report.irrelevant.count) irrelevant (`hinbox articles list --irrelevant`)"
        }
        if report.interrupted > 0 { line += ", \(report.interrupted) interrupted (run again to resume)" }
        Console.out(line + ".")
        if let counts = try? await store.counts() {
            Console.out("  \(Formatting.count(counts.entities)) entities, \(Formatting.count(counts.versions)) profile versions, \(Formatting.count(counts.articles)) articles in \(store.location)")
        }
        let usage = meter.snapshot
        let cached = meter.cachedCalls > 0 ? " (\(Formatting.count(meter.cachedCalls)) answered from the reply cache)" : ""
        Console.out("  \(Formatting.count(usage.calls)) LLM calls\(cached) · \(Formatting.count(usage.usage.total)) tokens "
            + "(\(Formatting.count(usage.usage.prompt)) prompt, \(Formatting.count(usage.usage.completion)) completion)")
        let waits = report.waits
        Console.out(
            "  Waiting, summed over articles: \(Self.seconds(waits.modelSlot)) for a model slot, "
                + "\(Self.seconds(waits.resolveTurn)) for resolve turns, \(Self.seconds(waits.commitTurn)) for commit turns")
        for failure in report.failed {
            var text = "  failed: \(failure.articleID) (\(failure.source)): \(failure.error ?? "unknown error")"
            if let tracing, let traceID = failure.traceID { text += "\n          trace: \(tracing.traceURL(traceID))" }
            Console.out(text)
        }
        if !report.failed.isEmpty {
            Console.out("  Rerun the same command to retry failed articles; `hinbox articles list --failed` lists them.")
            if !report.processed.isEmpty { Console.out("  Note: \(ResumeOrder.failedArticleNote).") }
        }
        if !report.outOfOrder.isEmpty {
            Console.out("  Note: \(ResumeOrder.outOfOrderNote(report.outOfOrder)).")
        }
        if let tracing {
            if let delivery, delivery.spooled > 0 {
                Console.warn("\(delivery.spooled) spans could not be delivered to \(tracing.endpoint) and were saved; `hinbox traces push` sends them (the next run does too).")
            }
            Console.out("  Phoenix: \(tracing.sessionURL(sessionID))")
        }
    }
}
