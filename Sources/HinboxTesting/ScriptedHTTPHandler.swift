import HinboxCore
import NIOCore
import NIOHTTP1

/// Collects one request, answers it from a task, and cancels that task when the connection closes.
/// NIO's pipelining assistance holds back the next request until the reply's `.end` is written.
final class ScriptedHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let core: ScriptedServerCore
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var inFlight: Task<Void, Never>?

    init(core: ScriptedServerCore) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            self.head = nil
            let text = body.readString(length: body.readableBytes) ?? ""
            let path = String(head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            let received = core.receive(
                method: head.method.rawValue, path: path,
                headers: head.headers.map { ($0.name, $0.value) },
                body: text.isEmpty ? nil : JSONValue.parse(text))
            inFlight = Self.serve(received.request, fault: received.fault, core: core, channel: context.channel,
                                  version: head.version, keepAlive: head.isKeepAlive)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inFlight?.cancel()
        inFlight = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private static func serve(
        _ request: ScriptedOpenAIServer.Request, fault: Fault?, core: ScriptedServerCore, channel: any Channel,
        version: HTTPVersion, keepAlive: Bool
    ) -> Task<Void, Never> {
        Task {
            let reply = await core.respond(to: request, fault: fault)
            // Counted before writing, so the client never sees a reply the counters still call in flight.
            core.answered(request)
            write(reply, to: channel, version: version, keepAlive: keepAlive)
        }
    }

    private static func write(_ reply: ScriptedOpenAIServer.Reply, to channel: any Channel, version: HTTPVersion, keepAlive: Bool) {
        let status: Int
        let text: String
        var headers: HTTPHeaders
        let contentType: String
        switch reply {
        case .closeConnection:
            channel.close(promise: nil)
            return
        case .json(let value, let code, let extra):
            status = code
            text = value.jsonString
            headers = HTTPHeaders(extra)
            contentType = "application/json"
        case .raw(let value, let code, let extra):
            status = code
            text = value
            headers = HTTPHeaders(extra)
            contentType = "text/plain; charset=utf-8"
        }
        if !headers.contains(name: "Content-Type") { headers.add(name: "Content-Type", value: contentType) }
        headers.replaceOrAdd(name: "Content-Length", value: String(text.utf8.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: text))), promise: nil)
        let done = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        if !keepAlive {
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
