import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 with an OS-chosen port, for tests.
///
/// Every request is read whole and answered by `respond`; the server counts and keeps the requests.
/// With `tls`, connections are TLS (optionally requiring client certificates, as the configuration says).
final class TestHTTPServer: Sendable {
    struct Request: Sendable {
        let method: HTTPMethod
        let uri: String
        let headers: HTTPHeaders
        let body: [UInt8]

        /// The `application/x-www-form-urlencoded` body decoded (`+` is a space).
        var form: [String: String] {
            var fields: [String: String] = [:]
            for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decode(_ text: Substring) -> String {
                    text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
                }
                fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
            }
            return fields
        }
    }

    struct Response: Sendable {
        var status: HTTPResponseStatus
        var json: String

        static func ok(_ json: String) -> Response { Response(status: .ok, json: json) }
    }

    let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    private let received: ReceivedBox

    private init(port: Int, channel: any Channel, group: MultiThreadedEventLoopGroup, received: ReceivedBox) {
        self.port = port
        self.channel = channel
        self.group = group
        self.received = received
    }

    /// Starts a server; `delay` holds every response back that long (to overlap concurrent requests).
    static func start(
        tls: TLSConfiguration? = nil,
        delay: TimeAmount = .zero,
        respond: @escaping @Sendable (Request) -> Response
    ) async throws -> TestHTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
        let box = ReceivedBox()
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                        }
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(
                            Handler(delay: delay, respond: respond, record: box.record)
                        )
                    }
                }
                .bind(host: "127.0.0.1", port: 0)
                .get()
            guard let port = channel.localAddress?.port else {
                throw ServerError(description: "the server socket has no port")
            }
            return TestHTTPServer(port: port, channel: channel, group: group, received: box)
        } catch {
            try await group.shutdownGracefully()
            throw error
        }
    }

    /// `http(s)://127.0.0.1:<port>`.
    func baseURL(scheme: String = "http") -> String { "\(scheme)://127.0.0.1:\(port)" }

    /// The requests answered so far.
    var requests: [Request] { received.requests.withLock { $0 } }

    func shutdown() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }

    struct ServerError: Error, CustomStringConvertible {
        let description: String
    }

    /// Shares the request log between the server object and its handlers.
    private final class ReceivedBox: Sendable {
        let requests = Mutex<[Request]>([])
        var record: @Sendable (Request) -> Void {
            { [self] request in requests.withLock { $0.append(request) } }
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let delay: TimeAmount
        private let respond: @Sendable (Request) -> Response
        private let record: @Sendable (Request) -> Void
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(delay: TimeAmount, respond: @escaping @Sendable (Request) -> Response, record: @escaping @Sendable (Request) -> Void) {
            self.delay = delay
            self.respond = respond
            self.record = record
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(let buffer):
                body += buffer.readableBytesView
            case .end:
                guard let head else { return }
                let request = Request(method: head.method, uri: head.uri, headers: head.headers, body: body)
                record(request)
                let response = respond(request)
                let keepAlive = head.isKeepAlive
                let write = { [self] in
                    let bytes = ByteBuffer(string: response.json)
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: String(bytes.readableBytes))
                    context.write(wrapOutboundOut(.head(HTTPResponseHead(
                        version: head.version, status: response.status, headers: headers
                    ))), promise: nil)
                    context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
                    context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                        if !keepAlive { context.close(promise: nil) }
                    }
                }
                if delay == .zero {
                    write()
                } else {
                    context.eventLoop.assumeIsolated().scheduleTask(in: delay, write)
                }
            }
        }
    }
}
