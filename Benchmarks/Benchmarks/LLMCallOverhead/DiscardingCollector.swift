import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An OTLP/HTTP collector on 127.0.0.1 that accepts every batch with `200 OK` and keeps nothing
/// but counts, so the exporter does its full work (encode, POST) without a real Phoenix's limits
/// or an ever-growing record of bodies.
final class DiscardingCollector: Sendable {
    let port: Int
    private let channel: any Channel
    private let counts: Counts

    /// Requests and body bytes received.
    final class Counts: Sendable {
        let state = Mutex((requests: 0, bytes: 0))
    }

    private init(channel: any Channel, counts: Counts) {
        self.channel = channel
        self.counts = counts
        port = channel.localAddress?.port ?? 0
    }

    /// Base URL for `OTLPConfiguration.endpoint`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    var received: (requests: Int, bytes: Int) { counts.state.withLock { $0 } }

    static func start() async throws -> DiscardingCollector {
        let counts = Counts()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(counts: counts))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return DiscardingCollector(channel: channel, counts: counts)
    }

    func shutdown() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let counts: Counts
        var bytes = 0

        init(counts: Counts) { self.counts = counts }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head:
                bytes = 0
            case .body(let buffer):
                bytes += buffer.readableBytes
            case .end:
                counts.state.withLock { $0 = ($0.requests + 1, $0.bytes + bytes) }
                var headers = HTTPHeaders()
                headers.add(name: "content-length", value: "0")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
