import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

extension MailStandIn {
    /// One SMTP connection, as a submission server would handle it.
    final class Session: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        enum Phase {
            case commands
            case authLoginUsername
            case authLoginPassword(String)
            case authPlainResponse
            case data
        }

        let configuration: Configuration
        let tlsContext: NIOSSLContext?
        let record: NIOLockedValueBox<Record>
        var pending: [UInt8] = []
        var phase = Phase.commands
        var tls: Bool
        var greeted = false
        var user: String?
        var from: String?
        var parameters: [String] = []
        var recipients: [String] = []
        var data: [UInt8] = []

        init(configuration: Configuration, tlsContext: NIOSSLContext?, record: NIOLockedValueBox<Record>) {
            self.configuration = configuration
            self.tlsContext = tlsContext
            self.record = record
            self.tls = configuration.security == .implicitTLS
        }

        var offersStartTLS: Bool { configuration.security == .startTLS && configuration.advertiseStartTLS && !tls }

        func channelActive(context: ChannelHandlerContext) {
            record.withLockedValue { $0.connections += 1 }
            guard !configuration.silent else { return }
            if let failure = configuration.failures.greeting {
                reply(context, failure.code, failure.text)
                context.close(promise: nil)
                return
            }
            // With implicit TLS the greeting is written into the TLS handler, which sends it after the handshake.
            reply(context, 220, "127.0.0.1 ESMTP certbridge mail stand-in")
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !configuration.silent else { return }
            var buffer = unwrapInboundIn(data)
            pending += buffer.readBytes(length: buffer.readableBytes) ?? []
            while let end = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<end])
                pending.removeFirst(end + 1)
                if line.last == 0x0D { line.removeLast() }
                handle(context, line)
                guard context.channel.isActive else { return }
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }

        private func reply(_ context: ChannelHandlerContext, _ code: Int, _ lines: String...) {
            var text = ""
            for (index, line) in lines.enumerated() {
                text += "\(code)\(index == lines.count - 1 ? " " : "-")\(line)\r\n"
            }
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
        }

        private func replyLines(_ context: ChannelHandlerContext, _ code: Int, _ lines: [String]) {
            var text = ""
            for (index, line) in lines.enumerated() {
                text += "\(code)\(index == lines.count - 1 ? " " : "-")\(line)\r\n"
            }
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
        }

        private func resetTransaction() {
            from = nil
            parameters = []
            recipients = []
            data = []
        }

        private func handle(_ context: ChannelHandlerContext, _ line: [UInt8]) {
            switch phase {
            case .data:
                if line == [UInt8(ascii: ".")] {
                    phase = .commands
                    finishData(context)
                } else {
                    // Dot-unstuffing (RFC 5321 §4.5.2).
                    let content = line.first == UInt8(ascii: ".") ? Array(line.dropFirst()) : line
                    data += content + [0x0D, 0x0A]
                }
            case .authPlainResponse:
                phase = .commands
                checkPlain(context, String(decoding: line, as: UTF8.self))
            case .authLoginUsername:
                guard let decoded = Data(base64Encoded: String(decoding: line, as: UTF8.self)) else {
                    phase = .commands
                    reply(context, 501, "5.5.2 Cannot decode the response")
                    return
                }
                phase = .authLoginPassword(String(decoding: decoded, as: UTF8.self))
                reply(context, 334, "UGFzc3dvcmQ6")
            case .authLoginPassword(let username):
                phase = .commands
                guard let decoded = Data(base64Encoded: String(decoding: line, as: UTF8.self)) else {
                    reply(context, 501, "5.5.2 Cannot decode the response")
                    return
                }
                authenticate(context, username, String(decoding: decoded, as: UTF8.self))
            case .commands:
                command(context, String(decoding: line, as: UTF8.self))
            }
        }

        private func command(_ context: ChannelHandlerContext, _ line: String) {
            let verb = line.split(separator: " ", maxSplits: 1).first.map { String($0).uppercased() } ?? ""
            let argument = line.count > verb.count ? String(line.dropFirst(verb.count + 1)) : ""
            let upper = line.uppercased()
            record.withLockedValue { $0.commands.append(upper.hasPrefix("MAIL FROM") ? "MAIL" : upper.hasPrefix("RCPT TO") ? "RCPT" : verb) }
            switch verb {
            case "EHLO":
                greeted = true
                resetTransaction()
                var lines = ["127.0.0.1 greets \(argument)"]
                if offersStartTLS { lines.append("STARTTLS") }
                let authAllowed = tls || configuration.security == .plain
                if authAllowed && !configuration.authMechanisms.isEmpty {
                    lines.append("AUTH " + configuration.authMechanisms.joined(separator: " "))
                }
                lines += ["8BITMIME", "SMTPUTF8", "SIZE \(configuration.sizeLimit)", "ENHANCEDSTATUSCODES"]
                replyLines(context, 250, lines)
            case "HELO":
                greeted = true
                reply(context, 250, "127.0.0.1")
            case "STARTTLS":
                guard offersStartTLS, let tlsContext else {
                    reply(context, 502, "5.5.1 STARTTLS not offered")
                    return
                }
                if let injected = configuration.injectAfterStartTLS {
                    let text = "220 2.0.0 Ready to start TLS\r\n\(injected)"
                    context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
                } else {
                    reply(context, 220, "2.0.0 Ready to start TLS")
                }
                // RFC 3207 §4.2: forget everything; anything sent after STARTTLS in the clear is dropped.
                pending = []
                tls = true
                greeted = false
                user = nil
                resetTransaction()
                do {
                    try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
                } catch {
                    context.close(promise: nil)
                }
            case "AUTH":
                startAuth(context, argument)
            case "MAIL":
                guard greeted else { return reply(context, 503, "5.5.1 EHLO first") }
                guard configuration.username == nil || user != nil else { return reply(context, 530, "5.7.0 Authentication required") }
                guard from == nil else { return reply(context, 503, "5.5.1 Nested MAIL command") }
                guard let address = Self.path(after: "MAIL FROM:", in: line) else { return reply(context, 501, "5.5.4 Syntax: MAIL FROM:<address>") }
                let rest = line.dropFirst(line.firstIndex(of: ">").map { line.distance(from: line.startIndex, to: $0) + 1 } ?? line.count)
                parameters = rest.split(separator: " ").map(String.init)
                if let size = parameters.first(where: { $0.uppercased().hasPrefix("SIZE=") }).flatMap({ Int($0.dropFirst(5)) }),
                    size > configuration.sizeLimit
                {
                    parameters = []
                    return reply(context, 552, "5.3.4 Message size exceeds fixed limit")
                }
                from = address
                reply(context, 250, "2.1.0 Sender OK")
            case "RCPT":
                guard from != nil else { return reply(context, 503, "5.5.1 MAIL first") }
                guard let address = Self.path(after: "RCPT TO:", in: line) else { return reply(context, 501, "5.5.4 Syntax: RCPT TO:<address>") }
                if let failure = configuration.failures.rcpt { return reply(context, failure.code, failure.text) }
                recipients.append(address)
                reply(context, 250, "2.1.5 Recipient OK")
            case "DATA":
                guard from != nil, !recipients.isEmpty else { return reply(context, 503, "5.5.1 RCPT first") }
                phase = .data
                data = []
                reply(context, 354, "End data with <CR><LF>.<CR><LF>")
            case "RSET":
                resetTransaction()
                reply(context, 250, "2.0.0 OK")
            case "NOOP":
                reply(context, 250, "2.0.0 OK")
            case "QUIT":
                reply(context, 221, "2.0.0 Bye")
                context.close(promise: nil)
            default:
                reply(context, 500, "5.5.2 Command not recognised")
            }
        }

        private func startAuth(_ context: ChannelHandlerContext, _ argument: String) {
            guard greeted else { return reply(context, 503, "5.5.1 EHLO first") }
            guard tls || configuration.security == .plain else { return reply(context, 538, "5.7.11 Encryption required") }
            guard user == nil else { return reply(context, 503, "5.5.1 Already authenticated") }
            let parts = argument.split(separator: " ").map(String.init)
            let mechanism = parts.first?.uppercased() ?? ""
            guard configuration.authMechanisms.contains(mechanism) else { return reply(context, 504, "5.5.4 Unrecognised authentication type") }
            switch mechanism {
            case "PLAIN":
                if parts.count > 1 {
                    checkPlain(context, parts[1])
                } else {
                    phase = .authPlainResponse
                    reply(context, 334, "")
                }
            case "LOGIN":
                phase = .authLoginUsername
                reply(context, 334, "VXNlcm5hbWU6")
            default:
                reply(context, 504, "5.5.4 Unrecognised authentication type")
            }
        }

        private func checkPlain(_ context: ChannelHandlerContext, _ response: String) {
            guard let decoded = Data(base64Encoded: response) else { return reply(context, 501, "5.5.2 Cannot decode the response") }
            let fields = decoded.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 3 else { return reply(context, 501, "5.5.2 Malformed PLAIN response") }
            authenticate(context, fields[1], fields[2])
        }

        private func authenticate(_ context: ChannelHandlerContext, _ username: String, _ password: String) {
            if username == configuration.username && password == configuration.password {
                user = username
                reply(context, 235, "2.7.0 Authentication successful")
            } else {
                reply(context, 535, "5.7.8 Authentication credentials invalid")
            }
        }

        private func finishData(_ context: ChannelHandlerContext) {
            defer { resetTransaction() }
            if let failure = configuration.failures.afterData { return reply(context, failure.code, failure.text) }
            guard data.count <= configuration.sizeLimit else { return reply(context, 552, "5.3.4 Message size exceeds fixed limit") }
            let message = ReceivedMessage(from: from ?? "", parameters: parameters, recipients: recipients, data: data, user: user, overTLS: tls)
            record.withLockedValue { $0.messages.append(message) }
            reply(context, 250, "2.0.0 OK queued")
        }

        /// The address in `<…>` after `prefix` (case-insensitive), or nil.
        static func path(after prefix: String, in line: String) -> String? {
            guard line.uppercased().hasPrefix(prefix) else { return nil }
            let rest = line.dropFirst(prefix.count).drop(while: { $0 == " " })
            guard rest.first == "<", let close = rest.firstIndex(of: ">") else { return nil }
            return String(rest[rest.index(after: rest.startIndex)..<close])
        }
    }
}
