import HinboxOTLP
import HinboxTesting
import Testing
import Tracing

/// One trace per article across processes: a worker's spans are children of the `traceparent`
/// queued with the article, and the resolver's root span takes exactly that identity.
@Suite("Spans across processes")
struct CrossProcessTraceTests {
    @Test("Children of a stored traceparent, and a root that is the span they name as parent")
    func adoptAndContinue() throws {
        let (tracer, _) = OTLP.make(configuration: testConfiguration(endpoint: "http://127.0.0.1:1"), logger: LogCapture().logger)
        let chosen = OTLPSpanContext.newRoot()

        let elsewhere = try #require(ServiceContext.otlp(traceparent: chosen.traceparent, asRoot: false))
        let extract = tracer.startSpan("extract.person", context: elsewhere)
        let extractContext = try #require(extract.context.otlpSpanContext)
        #expect(extractContext.traceIDHex == chosen.traceIDHex)
        #expect(extractContext.parentSpanID == chosen.spanID)
        #expect(extractContext.spanID != chosen.spanID)

        let resolver = try #require(ServiceContext.otlp(traceparent: chosen.traceparent, asRoot: true))
        let root = tracer.startSpan("process_article", context: resolver)
        let rootContext = try #require(root.context.otlpSpanContext)
        #expect(rootContext == OTLPSpanContext(
            traceIDHigh: chosen.traceIDHigh, traceIDLow: chosen.traceIDLow, spanID: chosen.spanID, parentSpanID: nil))
        // Its children are children, not the root again.
        let resolve = tracer.startSpan("resolve", context: root.context)
        let resolveContext = try #require(resolve.context.otlpSpanContext)
        #expect(resolveContext.parentSpanID == chosen.spanID && resolveContext.spanID != chosen.spanID)
        #expect(resolveContext.traceIDHex == chosen.traceIDHex)
        for span in [extract, root, resolve] { span.end() }

        #expect(ServiceContext.otlp(traceparent: "00-zz-01", asRoot: true) == nil)
    }
}
