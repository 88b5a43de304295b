import Foundation
import Secrets
import Testing

@testable import Mail

/// The dialogue without sockets: replies in, actions out.
@Suite("SMTP state machine")
struct SMTPStateMachineTests {
    typealias Machine = SMTPClient.StateMachine

    static let credentials = SMTPSettings.Credentials(username: "issuer", password: Secret("s3cret-pw"))

    func machine(
        _ security: SMTPSettings.Security = .startTLS, credentials: SMTPSettings.Credentials? = Self.credentials,
        recipients: [String] = ["holder@example.org"], utf8: Bool = false
    ) -> Machine {
        Machine(
            security: security, heloName: "gateway.example", credentials: credentials,
            envelope: .init(from: "issuer@example.com", recipients: recipients, payload: Array("Hi\r\n.\r\n".utf8), needsSMTPUTF8: utf8))
    }

    func ehlo(_ keywords: String...) -> SMTPReply { SMTPReply(code: 250, lines: ["server"] + keywords) }

    @Test("STARTTLS, EHLO again, AUTH PLAIN, MAIL, two RCPT, DATA, message, QUIT")
    func happyPath() {
        var m = machine(recipients: ["a@example.org", "b@example.org"])
        #expect(m.replyReceived(SMTPReply(code: 220, lines: ["hi"])) == .send(line: "EHLO gateway.example", step: "EHLO"))
        #expect(m.replyReceived(ehlo("STARTTLS", "AUTH PLAIN LOGIN")) == .send(line: "STARTTLS", step: "STARTTLS"))
        #expect(m.replyReceived(SMTPReply(code: 220, lines: ["go ahead"])) == .startTLS)
        #expect(m.tlsEstablished() == .send(line: "EHLO gateway.example", step: "EHLO"))
        let token = Data("\0issuer\0s3cret-pw".utf8).base64EncodedString()
        #expect(m.replyReceived(ehlo("AUTH PLAIN LOGIN", "SIZE 100", "8BITMIME")) == .send(line: "AUTH PLAIN \(token)", step: "AUTH"))
        #expect(m.replyReceived(SMTPReply(code: 235, lines: ["ok"])) == .send(line: "MAIL FROM:<issuer@example.com> SIZE=7 BODY=7BIT", step: "MAIL FROM"))
        #expect(m.replyReceived(SMTPReply(code: 250, lines: ["ok"])) == .send(line: "RCPT TO:<a@example.org>", step: "RCPT TO"))
        #expect(m.replyReceived(SMTPReply(code: 250, lines: ["ok"])) == .send(line: "RCPT TO:<b@example.org>", step: "RCPT TO"))
        #expect(m.replyReceived(SMTPReply(code: 251, lines: ["forwarding"])) == .send(line: "DATA", step: "DATA"))
        #expect(m.replyReceived(SMTPReply(code: 354, lines: ["go"])) == .sendMessage(Array("Hi\r\n.\r\n".utf8)))
        #expect(m.replyReceived(SMTPReply(code: 250, lines: ["queued"])) == .send(line: "QUIT", step: "QUIT"))
        #expect(m.replyReceived(SMTPReply(code: 221, lines: ["bye"])) == .finished)
    }

    @Test("no STARTTLS offered with startTLS configured: refused right after EHLO, before AUTH or MAIL")
    func noDowngrade() {
        var m = machine()
        _ = m.replyReceived(SMTPReply(code: 220, lines: ["hi"]))
        #expect(m.replyReceived(ehlo("AUTH PLAIN")) == .fail(.capabilityMissing(step: "EHLO", capability: "STARTTLS")))
        #expect(m.canQuitAfterFailure)
    }

    @Test("only LOGIN offered: AUTH LOGIN with the user name, then the password, each base64")
    func authLogin() {
        var m = machine(.implicitTLS)
        _ = m.replyReceived(SMTPReply(code: 220, lines: ["hi"]))
        #expect(m.replyReceived(ehlo("AUTH LOGIN")) == .send(line: "AUTH LOGIN", step: "AUTH"))
        #expect(m.replyReceived(SMTPReply(code: 334, lines: ["VXNlcm5hbWU6"])) == .send(line: "aXNzdWVy", step: "AUTH"))
        #expect(m.replyReceived(SMTPReply(code: 334, lines: ["UGFzc3dvcmQ6"])) == .send(line: "czNjcmV0LXB3", step: "AUTH"))
        #expect(m.replyReceived(SMTPReply(code: 235, lines: ["ok"])) == .send(line: "MAIL FROM:<issuer@example.com>", step: "MAIL FROM"))
    }

    @Test("4xx is transient, 5xx permanent, both name the step and quote the server")
    func errorReplies() {
        var m = machine(.none, credentials: nil)
        _ = m.replyReceived(SMTPReply(code: 220, lines: ["hi"]))
        _ = m.replyReceived(ehlo())
        _ = m.replyReceived(SMTPReply(code: 250, lines: ["ok"]))
        #expect(m.replyReceived(SMTPReply(code: 450, lines: ["4.2.1 busy"])) == .fail(.rejected(step: "RCPT TO", code: 450, text: "4.2.1 busy", transient: true)))
        var n = machine(.implicitTLS)
        _ = n.replyReceived(SMTPReply(code: 220, lines: ["hi"]))
        _ = n.replyReceived(ehlo("AUTH PLAIN"))
        let failure = n.replyReceived(SMTPReply(code: 535, lines: ["5.7.8 invalid"]))
        #expect(failure == .fail(.rejected(step: "AUTH", code: 535, text: "5.7.8 invalid", transient: false)))
        #expect(!String(describing: failure).contains("s3cret-pw"))
    }

    @Test("credentials are never sent in clear when TLS is configured, and no AUTH offered is an error")
    func authNeedsMechanism() {
        var m = machine(.implicitTLS)
        _ = m.replyReceived(SMTPReply(code: 220, lines: ["hi"]))
        #expect(m.replyReceived(ehlo("AUTH CRAM-MD5")) == .fail(.capabilityMissing(step: "AUTH", capability: "AUTH PLAIN or LOGIN")))
    }

    @Test("SMTPUTF8 only when needed and offered; missing when needed is an error")
    func smtpUTF8() {
        var m = machine(.none, credentials: nil, utf8: true)
        _ = m.replyReceived(SMTPReply(code: 220, lines: ["hi"]))
        #expect(m.replyReceived(ehlo("SMTPUTF8", "8BITMIME")) == .send(line: "MAIL FROM:<issuer@example.com> BODY=8BITMIME SMTPUTF8", step: "MAIL FROM"))
        var n = machine(.none, credentials: nil, utf8: true)
        _ = n.replyReceived(SMTPReply(code: 220, lines: ["hi"]))
        #expect(n.replyReceived(ehlo("8BITMIME")) == .fail(.capabilityMissing(step: "MAIL FROM", capability: "SMTPUTF8 (a non-ASCII address)")))
    }

    @Test("a closed connection before the message is accepted fails; after it, succeeds; timeouts name the step")
    func closedAndTimeouts() {
        var m = machine(.none, credentials: nil)
        _ = m.replyReceived(SMTPReply(code: 220, lines: ["hi"]))
        #expect(m.failed(.timeout(step: m.step)) == .fail(.timeout(step: "EHLO")))
        var n = machine(.none, credentials: nil)
        #expect(n.connectionClosed() == .fail(.connection(step: "greeting", detail: "the server closed the connection")))
        var o = machine(.none, credentials: nil)
        for reply in [SMTPReply(code: 220, lines: []), ehlo(), SMTPReply(code: 250, lines: []), SMTPReply(code: 250, lines: []),
            SMTPReply(code: 354, lines: []), SMTPReply(code: 250, lines: [])] { _ = o.replyReceived(reply) }
        #expect(o.connectionClosed() == .finished)
    }

    @Test("a greeting of 421 is a transient refusal at the greeting step")
    func greeting421() {
        var m = machine()
        #expect(m.replyReceived(SMTPReply(code: 421, lines: ["4.3.2 not now"])) == .fail(.rejected(step: "greeting", code: 421, text: "4.3.2 not now", transient: true)))
    }
}
