import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Sends e-mail through a submission server (RFC 5321, RFC 6409) over SwiftNIO.
///
/// One connection per message: connect, 220, EHLO, STARTTLS and EHLO again (or TLS from the
/// first byte), AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA, QUIT. The dialogue itself is
/// ``StateMachine``; this type only runs its actions on a channel. Logs name the step, never a
/// command line, so neither addresses nor credentials reach the log.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    private let tlsContext: NIOSSLContext?
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    /// A client for `settings`; the trust roots are read now, so a bad path fails at start-up.
    ///
    /// - Throws: ``SMTPError/invalidSettings(_:)`` naming a trust root that is not PEM, or when the
    ///   TLS context cannot be made.
    public init(
        settings: SMTPSettings, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "certbridge.smtp")
    ) throws(SMTPError) {
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        if settings.security == .none {
            tlsContext = nil
        } else {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            var roots: [NIOSSLCertificate] = []
            for path in settings.trustRoots {
                do {
                    roots += try NIOSSLCertificate.fromPEMFile(path)
                } catch {
                    throw .invalidSettings("the trust root file \(path) cannot be read as PEM certificates")
                }
            }
            if !roots.isEmpty { tls.additionalTrustRoots = [.certificates(roots)] }
            do {
                tlsContext = try NIOSSLContext(configuration: tls)
            } catch {
                throw .invalidSettings("the TLS context cannot be made: \(error)")
            }
        }
    }

    /// Sends `message` to all its recipients.
    ///
    /// - Throws: ``SMTPError`` naming the step; ``SMTPError/isTransient`` says whether to try again later.
    public func send(_ message: MailMessage) async throws(SMTPError) {
        // Defence in depth: the settings refuse this already.
        if settings.security == .none && !SMTPSettings.isLoopback(settings.host) {
            throw .invalidSettings("security none is for loopback hosts only")
        }
        let envelope = SMTPClient.StateMachine.Envelope(
            from: settings.from.address, recipients: message.to.map(\.address),
            payload: SMTPData.stuffed(message.rendered().utf8), needsSMTPUTF8: message.needsSMTPUTF8 || !settings.from.isASCII)
        let machine = StateMachine(
            security: settings.security, heloName: settings.heloName, credentials: settings.credentials, envelope: envelope)
        let eventLoop = eventLoopGroup.next()
        let promise = eventLoop.makePromise(of: Void.self)
        let sni = Self.isAddressLiteral(settings.host) ? nil : settings.host
        let tlsContext = self.tlsContext
        let implicitTLS = settings.security == .implicitTLS
        let commandTimeout = TimeAmount(settings.commandTimeout)
        let logger = self.logger
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(settings.connectTimeout))
            .channelInitializer { channel in
                do {
                    let sync = channel.pipeline.syncOperations
                    if implicitTLS, let tlsContext {
                        try sync.addHandler(try NIOSSLClientHandler(context: tlsContext, serverHostname: sni))
                    }
                    try sync.addHandler(
                        Handler(
                            machine: machine, promise: promise, commandTimeout: commandTimeout, tlsContext: tlsContext,
                            serverHostname: sni, logger: logger))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        // The total deadline covers the connection too.
        let deadline = eventLoop.scheduleTask(in: TimeAmount(settings.totalTimeout)) {
            promise.fail(SMTPError.timeout(step: "whole exchange"))
        }
        defer { deadline.cancel() }
        let channel: any Channel
        do {
            // An IPv6 literal may be written in brackets; the resolver wants it bare.
            let host = settings.host.hasPrefix("[") && settings.host.hasSuffix("]") ? String(settings.host.dropFirst().dropLast()) : settings.host
            channel = try await bootstrap.connect(host: host, port: settings.port).get()
        } catch {
            deadline.cancel()
            let failure = Self.connectError(error)
            promise.fail(failure)
            throw failure
        }
        do {
            try await promise.futureResult.get()
            channel.close(promise: nil)
        } catch let error as SMTPError {
            channel.close(promise: nil)
            throw error
        } catch {
            channel.close(promise: nil)
            throw .connection(step: "connection", detail: String(describing: error))
        }
    }

    static func connectError(_ error: any Error) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if case ChannelError.connectTimeout = error { return .timeout(step: "connect") }
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.contains(where: { if case ChannelError.connectTimeout = $0.error { true } else { false } }) {
                return .timeout(step: "connect")
            }
            return .connection(step: "connect", detail: "cannot connect to \(error.host):\(error.port)")
        }
        if error is NIOSSLError || error is NIOSSLExtraError { return .tls(step: "connect", detail: String(describing: error)) }
        return .connection(step: "connect", detail: String(describing: error))
    }

    static func isAddressLiteral(_ host: String) -> Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }
}

extension SMTPClient {
    /// Runs the state machine's actions on one channel. Lives on the channel's event loop only.
    final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private var machine: StateMachine
        private var parser = SMTPReplyParser()
        private var pending: [UInt8] = []
        private let promise: EventLoopPromise<Void>
        private let commandTimeout: TimeAmount
        private let tlsContext: NIOSSLContext?
        private let serverHostname: String?
        private let logger: Logger
        private var timer: Scheduled<Void>?
        private var context: ChannelHandlerContext?
        private var ended = false

        init(
            machine: StateMachine, promise: EventLoopPromise<Void>, commandTimeout: TimeAmount, tlsContext: NIOSSLContext?,
            serverHostname: String?, logger: Logger
        ) {
            self.machine = machine
            self.promise = promise
            self.commandTimeout = commandTimeout
            self.tlsContext = tlsContext
            self.serverHostname = serverHostname
            self.logger = logger
        }

        func handlerAdded(context: ChannelHandlerContext) {
            self.context = context
            // The total deadline fails the promise from outside: close then.
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            promise.futureResult.whenFailure { _ in
                let handler = loopBound.value
                handler.ended = true
                handler.timer?.cancel()
                handler.context?.close(promise: nil)
            }
            if context.channel.isActive { arm() }
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            timer?.cancel()
            self.context = nil
        }

        func channelActive(context: ChannelHandlerContext) {
            arm()
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending += buffer.readBytes(length: buffer.readableBytes) ?? []
            while !ended, let end = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<end])
                pending.removeFirst(end + 1)
                if line.last == 0x0D { line.removeLast() }
                let reply: SMTPReply?
                do {
                    reply = try parser.feed(line)
                } catch {
                    run(machine.failed(.protocolViolation(step: machine.step, detail: error.detail)))
                    return
                }
                guard let reply else { continue }
                timer?.cancel()
                let action = machine.replyReceived(reply)
                if action == .startTLS && !pending.isEmpty {
                    // RFC 3207 §5: bytes after the 220 would be plaintext read as if protected.
                    run(machine.failed(.protocolViolation(step: "STARTTLS", detail: "data after the STARTTLS reply")))
                    return
                }
                run(action)
            }
            if !ended && pending.count > SMTPReplyParser.maximumLineLength {
                run(machine.failed(.protocolViolation(step: machine.step, detail: "a reply line without an end")))
            }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
                timer?.cancel()
                let action = machine.tlsEstablished()
                if action != .none {
                    logger.debug("SMTP TLS established", metadata: ["step": "STARTTLS"])
                    run(action)
                } else {
                    // Implicit TLS: the greeting comes next.
                    arm()
                }
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            let step = machine.step
            if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
                run(machine.failed(.tls(step: step == "greeting" ? "TLS handshake" : step, detail: String(describing: error))))
            } else {
                run(machine.failed(.connection(step: step, detail: String(describing: error))))
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            timer?.cancel()
            if !ended { run(machine.connectionClosed()) }
            context.fireChannelInactive()
        }

        private func arm() {
            guard let context, !ended else { return }
            timer?.cancel()
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            timer = context.eventLoop.scheduleTask(in: commandTimeout) {
                let handler = loopBound.value
                handler.run(handler.machine.failed(.timeout(step: handler.machine.step)))
            }
        }

        private func write(_ bytes: [UInt8]) {
            guard let context else { return }
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
        }

        private func run(_ action: StateMachine.Action) {
            guard let context, !ended else { return }
            switch action {
            case .send(let line, let step):
                logger.debug("SMTP step", metadata: ["step": .string(step)])
                write(Array(line.utf8) + [0x0D, 0x0A])
                arm()
            case .sendMessage(let payload):
                logger.debug("SMTP step", metadata: ["step": "message"])
                write(payload)
                arm()
            case .startTLS:
                guard let tlsContext else {
                    run(machine.failed(.tls(step: "STARTTLS", detail: "no TLS context")))
                    return
                }
                do {
                    let handler = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
                    try context.pipeline.syncOperations.addHandler(handler, position: .first)
                    arm()
                } catch {
                    run(machine.failed(.tls(step: "STARTTLS", detail: String(describing: error))))
                }
            case .finished:
                ended = true
                timer?.cancel()
                logger.debug("SMTP message accepted")
                promise.succeed()
                context.close(promise: nil)
            case .fail(let error):
                let quit = machine.canQuitAfterFailure
                ended = true
                timer?.cancel()
                logger.debug("SMTP failed", metadata: ["step": .string(error.step)])
                if quit && context.channel.isActive { write(Array("QUIT\r\n".utf8)) }
                promise.fail(error)
                context.close(promise: nil)
            case .none:
                break
            }
        }
    }
}
