import Foundation

extension SMTPClient {
    /// The submission dialogue as a value: each event (a reply, the TLS handshake done, the
    /// connection closed) returns the ``Action`` to run; no I/O here. ``SMTPClient`` runs the actions.
    ///
    /// connect → 220 → EHLO → [STARTTLS → 220 → TLS → EHLO] → [AUTH PLAIN | AUTH LOGIN] →
    /// MAIL FROM → RCPT TO (each) → DATA → 354 → message → 250 → QUIT.
    struct StateMachine {
        enum Action: Equatable {
            /// Write `line` and CRLF; log only `step`, never the line.
            case send(line: String, step: String)
            /// Write the dot-stuffed message and its terminator.
            case sendMessage([UInt8])
            /// Put TLS in front of the connection, then call ``tlsEstablished()``.
            case startTLS
            /// The message is accepted (250 after DATA); QUIT has been answered or may go unanswered.
            case finished
            /// Stop: send QUIT if the dialogue allows it, close, report `error`.
            case fail(SMTPError)
            /// Nothing to do.
            case none
        }

        enum State: Equatable {
            case greeting
            case ehlo(afterTLS: Bool)
            case startTLS
            case tlsHandshake
            case authPlain
            case authLogin
            case authLoginUsername
            case authLoginPassword
            case mailFrom
            case rcptTo(Int)
            case data
            case message
            case quit
            case done
            case failed
        }

        struct Envelope: Equatable {
            var from: String
            var recipients: [String]
            /// Dot-stuffed, CRLF line endings, terminator included.
            var payload: [UInt8]
            var needsSMTPUTF8: Bool
        }

        private(set) var state: State = .greeting
        private(set) var extensions: SMTPExtensions?
        /// Whether the dialogue was at a point where QUIT may be sent when it failed.
        private(set) var canQuitAfterFailure = false
        private var tlsActive: Bool
        let security: SMTPSettings.Security
        let heloName: String
        let credentials: SMTPSettings.Credentials?
        let envelope: Envelope

        init(security: SMTPSettings.Security, heloName: String, credentials: SMTPSettings.Credentials?, envelope: Envelope) {
            self.security = security
            self.heloName = heloName
            self.credentials = credentials
            self.envelope = envelope
            self.tlsActive = security == .implicitTLS
        }

        /// The step a reply or a timeout now belongs to.
        var step: String {
            switch state {
            case .greeting: "greeting"
            case .ehlo: "EHLO"
            case .startTLS, .tlsHandshake: "STARTTLS"
            case .authPlain, .authLogin, .authLoginUsername, .authLoginPassword: "AUTH"
            case .mailFrom: "MAIL FROM"
            case .rcptTo: "RCPT TO"
            case .data: "DATA"
            case .message: "end of DATA"
            case .quit, .done: "QUIT"
            case .failed: "failed"
            }
        }

        /// Whether a QUIT may still be sent after a failure (not in the middle of the message or TLS).
        var canQuit: Bool {
            switch state {
            case .tlsHandshake, .message, .done, .failed: false
            default: true
            }
        }

        mutating func replyReceived(_ reply: SMTPReply) -> Action {
            let step = self.step
            switch state {
            case .greeting:
                guard reply.code == 220 else { return fail(reply, step) }
                return ehlo(afterTLS: false)
            case .ehlo(let afterTLS):
                guard reply.code == 250 else { return fail(reply, step) }
                let extensions = SMTPExtensions(ehlo: reply)
                self.extensions = extensions
                if security == .startTLS && !afterTLS {
                    // Never downgrade: no STARTTLS, no mail.
                    guard extensions.startTLS else { return fail(.capabilityMissing(step: "EHLO", capability: "STARTTLS")) }
                    state = .startTLS
                    return .send(line: "STARTTLS", step: "STARTTLS")
                }
                return authenticateOrSend(extensions)
            case .startTLS:
                guard reply.code == 220 else { return fail(reply, step) }
                state = .tlsHandshake
                return .startTLS
            case .tlsHandshake:
                return fail(.protocolViolation(step: step, detail: "a reply during the TLS handshake"))
            case .authPlain:
                guard reply.code == 235 else { return fail(reply, step) }
                return mailFrom()
            case .authLogin:
                // 334 VXNlcm5hbWU6 ("Username:"): the user name.
                guard reply.code == 334, let credentials else { return fail(reply, step) }
                state = .authLoginUsername
                return .send(line: Data(credentials.username.utf8).base64EncodedString(), step: "AUTH")
            case .authLoginUsername:
                // 334 UGFzc3dvcmQ6 ("Password:"): the password.
                guard reply.code == 334, let credentials else { return fail(reply, step) }
                state = .authLoginPassword
                return .send(line: Data(credentials.password.value.utf8).base64EncodedString(), step: "AUTH")
            case .authLoginPassword:
                guard reply.code == 235 else { return fail(reply, step) }
                return mailFrom()
            case .mailFrom:
                guard reply.code == 250 else { return fail(reply, step) }
                return rcpt(0)
            case .rcptTo(let index):
                // 251: "user not local; will forward" is a success too.
                guard reply.code == 250 || reply.code == 251 else { return fail(reply, step) }
                if index + 1 < envelope.recipients.count { return rcpt(index + 1) }
                state = .data
                return .send(line: "DATA", step: "DATA")
            case .data:
                guard reply.code == 354 else { return fail(reply, step) }
                state = .message
                return .sendMessage(envelope.payload)
            case .message:
                guard reply.code == 250 else { return fail(reply, step) }
                state = .quit
                return .send(line: "QUIT", step: "QUIT")
            case .quit:
                state = .done
                return .finished
            case .done, .failed:
                return .none
            }
        }

        /// The TLS handshake after STARTTLS completed: EHLO again (RFC 3207 §4.2: forget what was learnt before).
        mutating func tlsEstablished() -> Action {
            guard state == .tlsHandshake else { return .none }
            tlsActive = true
            extensions = nil
            return ehlo(afterTLS: true)
        }

        /// The connection ended. After the message was accepted that is success (a QUIT reply is a courtesy).
        mutating func connectionClosed() -> Action {
            switch state {
            case .quit, .done:
                state = .done
                return .finished
            case .failed:
                return .none
            default:
                return fail(.connection(step: step, detail: "the server closed the connection"))
            }
        }

        /// A failure from outside (timeout, TLS, socket).
        mutating func failed(_ error: SMTPError) -> Action {
            switch state {
            case .done, .failed: return .none
            case .quit:
                // The message was accepted; only the goodbye went wrong.
                state = .done
                return .finished
            default: return fail(error)
            }
        }

        // MARK: Steps

        private mutating func ehlo(afterTLS: Bool) -> Action {
            state = .ehlo(afterTLS: afterTLS)
            return .send(line: "EHLO \(heloName)", step: "EHLO")
        }

        private mutating func authenticateOrSend(_ extensions: SMTPExtensions) -> Action {
            guard let credentials else { return mailFrom() }
            // Credentials never travel in clear unless the settings are `.none` (loopback only).
            guard tlsActive || security == .none else {
                return fail(.capabilityMissing(step: "AUTH", capability: "TLS before authentication"))
            }
            let mechanisms = extensions.authMechanisms
            if mechanisms.contains("PLAIN") {
                // RFC 4616: authzid (empty) NUL authcid NUL passwd, with the initial response (RFC 4954 §4).
                let token = Data(([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.value.utf8)))
                state = .authPlain
                return .send(line: "AUTH PLAIN \(token.base64EncodedString())", step: "AUTH")
            }
            if mechanisms.contains("LOGIN") {
                state = .authLogin
                return .send(line: "AUTH LOGIN", step: "AUTH")
            }
            return fail(.capabilityMissing(step: "AUTH", capability: mechanisms.isEmpty ? "AUTH" : "AUTH PLAIN or LOGIN"))
        }

        private mutating func mailFrom() -> Action {
            guard let extensions else { return fail(.protocolViolation(step: "MAIL FROM", detail: "no EHLO reply")) }
            var line = "MAIL FROM:<\(envelope.from)>"
            if let limit = extensions.sizeLimit, envelope.payload.count > limit {
                return fail(.capabilityMissing(step: "MAIL FROM", capability: "a SIZE limit of \(envelope.payload.count) octets (it allows \(limit))"))
            }
            if extensions.size { line += " SIZE=\(envelope.payload.count)" }
            if envelope.needsSMTPUTF8 {
                guard extensions.smtpUTF8 else { return fail(.capabilityMissing(step: "MAIL FROM", capability: "SMTPUTF8 (a non-ASCII address)")) }
                // RFC 6531 §3.4: an SMTPUTF8 message has 8-bit headers.
                if extensions.eightBitMIME { line += " BODY=8BITMIME" }
                line += " SMTPUTF8"
            } else if extensions.eightBitMIME {
                // The body is quoted-printable, so 7-bit; declared as such (RFC 6152).
                line += " BODY=7BIT"
            }
            state = .mailFrom
            return .send(line: line, step: "MAIL FROM")
        }

        private mutating func rcpt(_ index: Int) -> Action {
            state = .rcptTo(index)
            return .send(line: "RCPT TO:<\(envelope.recipients[index])>", step: "RCPT TO")
        }

        private mutating func fail(_ reply: SMTPReply, _ step: String) -> Action {
            if (200..<400).contains(reply.code) {
                return fail(.protocolViolation(step: step, detail: "unexpected reply \(reply.code) \(reply.text)"))
            }
            return fail(.reply(reply, at: step))
        }

        private mutating func fail(_ error: SMTPError) -> Action {
            canQuitAfterFailure = canQuit
            state = .failed
            return .fail(error)
        }
    }
}
