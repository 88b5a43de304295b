import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import TestCertificates

/// A real SMTP submission server on 127.0.0.1 on an ephemeral port, for tests: EHLO (STARTTLS,
/// AUTH PLAIN LOGIN, 8BITMIME, SMTPUTF8, SIZE), STARTTLS or TLS from the first byte with a
/// ``TestCertificateAuthority`` leaf, AUTH against configured credentials, MAIL/RCPT/DATA with
/// dot-unstuffing, RSET, NOOP, QUIT. It records every accepted message and every command verb,
/// and can fail on script.
public final class MailStandIn: Sendable {
    /// How the stand-in behaves.
    public struct Configuration: Sendable {
        /// Plain connection that offers STARTTLS, TLS from the first byte, or plain only.
        public enum Security: Sendable { case startTLS, implicitTLS, plain }

        public var security: Security
        /// With ``Security/startTLS``: false makes a server that does not offer STARTTLS (a downgrade attempt).
        public var advertiseStartTLS: Bool
        /// Advertised in EHLO (after TLS when STARTTLS is offered) and accepted.
        public var authMechanisms: [String]
        /// AUTH succeeds only with these; when set, MAIL FROM needs AUTH first.
        public var username: String?
        public var password: String?
        /// SIZE limit advertised and enforced.
        public var sizeLimit: Int
        /// Scripted failures.
        public var failures: Failures
        /// Accept connections and never say anything.
        public var silent: Bool
        /// Written in the clear right behind the STARTTLS 220, in the same packet (a STARTTLS
        /// injection, CVE-2011-0411 style): a client must not read it as if it came over TLS.
        public var injectAfterStartTLS: String?

        public init(
            security: Security = .startTLS, advertiseStartTLS: Bool = true, authMechanisms: [String] = ["PLAIN", "LOGIN"],
            username: String? = nil, password: String? = nil, sizeLimit: Int = 10_485_760, failures: Failures = Failures(),
            silent: Bool = false
        ) {
            self.security = security
            self.advertiseStartTLS = advertiseStartTLS
            self.authMechanisms = authMechanisms
            self.username = username
            self.password = password
            self.sizeLimit = sizeLimit
            self.failures = failures
            self.silent = silent
        }
    }

    /// Replies given instead of the normal ones.
    public struct Failures: Sendable {
        /// Instead of the 220 greeting (then the connection is closed), e.g. `421 4.3.2 Service not available`.
        public var greeting: Reply?
        /// For every RCPT TO, e.g. `450 4.2.1 Mailbox busy` or `550 5.1.1 No such user`.
        public var rcpt: Reply?
        /// After the message's final dot, e.g. `554 5.7.1 Message refused`.
        public var afterData: Reply?

        public init(greeting: Reply? = nil, rcpt: Reply? = nil, afterData: Reply? = nil) {
            self.greeting = greeting
            self.rcpt = rcpt
            self.afterData = afterData
        }
    }

    /// A reply code and text.
    public struct Reply: Sendable {
        public let code: Int
        public let text: String
        public init(_ code: Int, _ text: String) {
            self.code = code
            self.text = text
        }
    }

    /// A message the stand-in accepted (250 after DATA).
    public struct ReceivedMessage: Sendable {
        /// The MAIL FROM address (without angle brackets).
        public let from: String
        /// The MAIL FROM parameters (`SIZE=…`, `BODY=…`, `SMTPUTF8`).
        public let parameters: [String]
        public let recipients: [String]
        /// The message as received, dot-unstuffed, CRLF line endings, without the final `.` line.
        public let data: [UInt8]
        /// The authenticated user, if any.
        public let user: String?
        /// Whether the message came over TLS.
        public let overTLS: Bool

        /// `data` as UTF-8 text.
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    struct Record {
        var messages: [ReceivedMessage] = []
        var commands: [String] = []
        var connections = 0
    }

    /// The port it listens on.
    public let port: Int
    let configuration: Configuration
    let record: NIOLockedValueBox<Record>
    private let channel: any Channel

    private init(port: Int, configuration: Configuration, record: NIOLockedValueBox<Record>, channel: any Channel) {
        self.port = port
        self.configuration = configuration
        self.record = record
        self.channel = channel
    }

    /// Messages accepted so far.
    public var messages: [ReceivedMessage] { record.withLockedValue { $0.messages } }
    /// Every command verb received so far, upper case (`EHLO`, `STARTTLS`, `AUTH`, `MAIL`, …); AUTH
    /// continuation lines are not commands and are not listed.
    public var commands: [String] { record.withLockedValue { $0.commands } }
    /// Connections accepted so far.
    public var connections: Int { record.withLockedValue { $0.connections } }

    /// Starts listening; `authority` gives the certificate for STARTTLS and implicit TLS.
    public static func start(_ configuration: Configuration = Configuration(), authority: TestCertificateAuthority?) async throws
        -> MailStandIn
    {
        var tlsContext: NIOSSLContext?
        if let authority {
            let certificate = try NIOSSLCertificate(bytes: Array(authority.certificatePEM.utf8), format: .pem)
            let key = try NIOSSLPrivateKey(bytes: Array(authority.keyPEM.utf8), format: .pem)
            tlsContext = try NIOSSLContext(
                configuration: .makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key)))
        }
        if configuration.security != .plain && tlsContext == nil { throw StandInFailure("a TLS stand-in needs a certificate authority") }
        let record = NIOLockedValueBox(Record())
        let context = tlsContext
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                do {
                    let sync = channel.pipeline.syncOperations
                    if configuration.security == .implicitTLS, let context {
                        try sync.addHandler(NIOSSLServerHandler(context: context))
                    }
                    try sync.addHandler(Session(configuration: configuration, tlsContext: context, record: record))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw StandInFailure("the mail stand-in did not bind") }
        return MailStandIn(port: port, configuration: configuration, record: record, channel: channel)
    }

    /// Stops listening.
    public func stop() async {
        try? await channel.close()
    }
}

/// The stand-in cannot start.
public struct StandInFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
