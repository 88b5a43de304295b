import Foundation
import Logging
import MailStandIn
import NIOConcurrencyHelpers
import NIOPosix
import Secrets
import TestCertificates
import TestSupport
import Testing

@testable import Mail

/// The client against a real SMTP server on loopback (the mail stand-in).
@Suite("SMTP client over loopback", .serialized)
struct SMTPClientLoopbackTests {
    static let password = "correct horse battery staple"

    struct Rig {
        let authority: TestCertificateAuthority
        let server: MailStandIn
    }

    func withServer(_ configuration: MailStandIn.Configuration, _ body: (Rig) async throws -> Void) async throws {
        let authority = try TestCertificateAuthority.make()
        let server = try await MailStandIn.start(configuration, authority: authority)
        do {
            try await body(Rig(authority: authority, server: server))
        } catch {
            await server.stop()
            authority.remove()
            throw error
        }
        await server.stop()
        authority.remove()
    }

    func settings(
        _ rig: Rig, security: SMTPSettings.Security = .startTLS, password: String = Self.password, username: String = "issuer",
        trust: Bool = true, commandTimeout: Duration = .seconds(10)
    ) throws -> SMTPSettings {
        try SMTPSettings(
            host: "localhost", port: rig.server.port, security: security,
            credentials: .init(username: username, password: Secret(password)),
            from: try MailAddress("issuer@certbridge.example"), heloName: "gateway.test", commandTimeout: commandTimeout,
            trustRoots: trust ? [rig.authority.caPath] : [])
    }

    static let body = "Hallo Zoë,\n.your offer follows\nhttps://wallet.example/offer?x=1&y=a%3Db \n" + String(repeating: "ü", count: 90)
    func message(to recipients: [String] = ["holder@example.org"], html: String? = nil) throws -> MailMessage {
        try MailMessage(
            from: try MailAddress("issuer@certbridge.example", displayName: "certbridge"),
            to: try recipients.map { try MailAddress($0) }, subject: "Ihr Nachweis ✓", text: Self.body, html: html)
    }

    func configuration(_ security: MailStandIn.Configuration.Security = .startTLS, mechanisms: [String] = ["PLAIN", "LOGIN"])
        -> MailStandIn.Configuration
    {
        MailStandIn.Configuration(security: security, authMechanisms: mechanisms, username: "issuer", password: Self.password)
    }

    @Test("STARTTLS + AUTH PLAIN delivers; the stand-in gets the envelope and the exact body")
    func startTLSPlain() async throws {
        try await withServer(configuration()) { rig in
            try await SMTPClient(settings: try settings(rig)).send(try message(to: ["holder@example.org", "copy@example.org"], html: "<p>ü</p>"))
            let received = try #require(rig.server.messages.first)
            #expect(rig.server.messages.count == 1)
            #expect(received.from == "issuer@certbridge.example")
            #expect(received.recipients == ["holder@example.org", "copy@example.org"])
            #expect(received.user == "issuer")
            #expect(received.overTLS)
            let bodies = MIMEReading.bodies(received.text)
            #expect(bodies.text == Self.body.replacingOccurrences(of: "\n", with: "\r\n"))
            #expect(bodies.html == "<p>ü</p>")
            #expect(MIMEReading.decodeEncodedWords(MIMEReading.split(received.text).headers["subject"]!) == "Ihr Nachweis ✓")
            #expect(rig.server.commands == ["EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"])
            #expect(received.parameters.contains { $0.hasPrefix("SIZE=") })
            #expect(!received.parameters.contains("SMTPUTF8"))
        }
    }

    @Test("at trace level the log names steps only: no password, no AUTH token, no addresses")
    func logsNoSecrets() async throws {
        try await withServer(configuration(mechanisms: ["LOGIN"])) { rig in
            let lines = NIOLockedValueBox<[String]>([])
            let logger = Logger(label: "smtp-test") { _ in RecordingLogHandler(lines: lines) }
            let client = try SMTPClient(settings: try settings(rig), eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
            try await client.send(try message())
            let log = lines.withLockedValue { $0 }.joined(separator: "\n")
            #expect(log.contains("AUTH") && log.contains("RCPT TO"))
            for secret in [Self.password, Data(Self.password.utf8).base64EncodedString(), "holder@example.org", "aXNzdWVy"] {
                #expect(!log.contains(secret), "\(secret) in the log")
            }
        }
    }

    @Test("a non-ASCII recipient goes with SMTPUTF8 (and BODY=8BITMIME), which the stand-in offers")
    func smtpUTF8() async throws {
        try await withServer(configuration()) { rig in
            try await SMTPClient(settings: try settings(rig)).send(try message(to: ["zoë@exämple.de"]))
            let received = try #require(rig.server.messages.first)
            #expect(received.recipients == ["zoë@exämple.de"])
            #expect(received.parameters.contains("SMTPUTF8") && received.parameters.contains("BODY=8BITMIME"))
            #expect(MIMEReading.split(received.text).headers["to"] == "<zoë@exämple.de>")
        }
    }

    @Test("implicit TLS (port 465 style) delivers")
    func implicitTLS() async throws {
        try await withServer(configuration(.implicitTLS)) { rig in
            try await SMTPClient(settings: try settings(rig, security: .implicitTLS)).send(try message())
            #expect(rig.server.messages.count == 1)
            #expect(rig.server.messages.first?.overTLS == true)
            #expect(rig.server.commands.first == "EHLO")
            #expect(!rig.server.commands.contains("STARTTLS"))
        }
    }

    @Test("only LOGIN offered: AUTH LOGIN delivers")
    func authLogin() async throws {
        try await withServer(configuration(mechanisms: ["LOGIN"])) { rig in
            try await SMTPClient(settings: try settings(rig)).send(try message())
            #expect(rig.server.messages.first?.user == "issuer")
        }
    }

    @Test("a wrong password: permanent, names AUTH and 535, never shows the password; nothing sent")
    func wrongPassword() async throws {
        try await withServer(configuration()) { rig in
            let wrong = "wrong-password-471"
            let error = await #expect(throws: SMTPError.self) {
                try await SMTPClient(settings: try settings(rig, password: wrong)).send(try message())
            }
            guard case .rejected(let step, let code, _, let transient) = error else {
                Issue.record("not a rejection: \(String(describing: error))")
                return
            }
            #expect(step == "AUTH" && code == 535 && !transient)
            let text = "\(error!) \(String(reflecting: error!))"
            #expect(!text.contains(wrong))
            #expect(!text.contains(Data("\0issuer\0\(wrong)".utf8).base64EncodedString()))
            #expect(rig.server.messages.isEmpty)
            #expect(!rig.server.commands.contains("MAIL"))
        }
    }

    @Test("450 at RCPT is transient, 550 permanent, 554 after DATA permanent, 421 at connect transient")
    func scriptedFailures() async throws {
        let cases: [(MailStandIn.Failures, String, Int, Bool)] = [
            (.init(rcpt: .init(450, "4.2.1 Mailbox busy")), "RCPT TO", 450, true),
            (.init(rcpt: .init(550, "5.1.1 No such user")), "RCPT TO", 550, false),
            (.init(afterData: .init(554, "5.7.1 Message refused")), "end of DATA", 554, false),
            (.init(greeting: .init(421, "4.3.2 Service not available")), "greeting", 421, true),
        ]
        for (failures, step, code, transient) in cases {
            var config = configuration()
            config.failures = failures
            try await withServer(config) { rig in
                let error = await #expect(throws: SMTPError.self) {
                    try await SMTPClient(settings: try settings(rig)).send(try message())
                }
                guard case .rejected(let gotStep, let gotCode, let text, let gotTransient) = error else {
                    Issue.record("not a rejection: \(String(describing: error))")
                    return
                }
                #expect(gotStep == step && gotCode == code && gotTransient == transient)
                #expect(text.contains(String(code / 100)) && !text.isEmpty)
                #expect(error?.isTransient == transient)
                #expect(error?.description.contains("\(code)") == true)
                #expect(rig.server.messages.isEmpty)
            }
        }
    }

    @Test("a server without STARTTLS while startTLS is configured: refused, no AUTH and no MAIL FROM were sent")
    func noDowngrade() async throws {
        var config = configuration()
        config.advertiseStartTLS = false
        try await withServer(config) { rig in
            let error = await #expect(throws: SMTPError.self) {
                try await SMTPClient(settings: try settings(rig)).send(try message())
            }
            #expect(error == .capabilityMissing(step: "EHLO", capability: "STARTTLS"))
            #expect(!rig.server.commands.contains("AUTH"))
            #expect(!rig.server.commands.contains("MAIL"))
            #expect(rig.server.messages.isEmpty)
        }
    }

    @Test("plaintext injected behind the STARTTLS 220 is refused, never read as protected; nothing sent")
    func startTLSInjection() async throws {
        var config = configuration()
        config.injectAfterStartTLS = "250-injected\r\n250 AUTH PLAIN\r\n"
        try await withServer(config) { rig in
            let error = await #expect(throws: SMTPError.self) {
                try await SMTPClient(settings: try settings(rig)).send(try message())
            }
            #expect(error == .protocolViolation(step: "STARTTLS", detail: "data after the STARTTLS reply"))
            #expect(!rig.server.commands.contains("AUTH"))
            #expect(!rig.server.commands.contains("MAIL"))
            #expect(rig.server.messages.isEmpty)
        }
    }

    @Test("an untrusted certificate (no trust root): a TLS error, nothing sent")
    func untrusted() async throws {
        for security in [SMTPSettings.Security.startTLS, .implicitTLS] {
            try await withServer(configuration(security == .startTLS ? .startTLS : .implicitTLS)) { rig in
                let error = await #expect(throws: SMTPError.self) {
                    try await SMTPClient(settings: try settings(rig, security: security, trust: false)).send(try message())
                }
                guard case .tls = error else {
                    Issue.record("not a TLS error: \(String(describing: error))")
                    return
                }
                #expect(error?.isTransient == false)
                #expect(!rig.server.commands.contains("AUTH"))
                #expect(rig.server.messages.isEmpty)
            }
        }
    }

    @Test("security none to a host that is not loopback is refused before any connection")
    func plainOnlyOnLoopback() throws {
        #expect(throws: SMTPError.self) {
            try SMTPSettings(host: "smtp.example.com", port: 2525, security: .none, from: try MailAddress("a@example.org"))
        }
    }

    @Test("security none on loopback works against a plain server (development)")
    func plainLoopback() async throws {
        try await withServer(MailStandIn.Configuration(security: .plain)) { rig in
            let settings = try SMTPSettings(
                host: "127.0.0.1", port: rig.server.port, security: .none, from: try MailAddress("issuer@certbridge.example"))
            try await SMTPClient(settings: settings).send(try message())
            #expect(rig.server.messages.first?.overTLS == false)
        }
    }

    @Test("a server that never answers: a timeout error")
    func silent() async throws {
        try await withServer(MailStandIn.Configuration(silent: true)) { rig in
            let error = await #expect(throws: SMTPError.self) {
                try await SMTPClient(settings: try settings(rig, commandTimeout: .milliseconds(300))).send(try message())
            }
            #expect(error == .timeout(step: "greeting"))
            #expect(error?.isTransient == true)
        }
    }

    @Test("a port nobody listens on: a transient connection error at connect")
    func refused() async throws {
        let authority = try TestCertificateAuthority.make()
        defer { authority.remove() }
        let server = try await MailStandIn.start(configuration(), authority: authority)
        let port = server.port
        await server.stop()
        let settings = try SMTPSettings(host: "127.0.0.1", port: port, security: .none, from: try MailAddress("a@example.org"))
        let error = await #expect(throws: SMTPError.self) { try await SMTPClient(settings: settings).send(try message()) }
        #expect(error?.step == "connect")
        #expect(error?.isTransient == true)
    }
}
