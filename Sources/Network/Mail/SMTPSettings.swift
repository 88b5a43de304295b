import Secrets

/// How ``SMTPClient`` reaches the submission server.
///
/// Credentials are never sent before TLS: with ``Security-swift.enum/startTLS`` the client
/// authenticates only after the STARTTLS handshake (and refuses a server that does not offer
/// STARTTLS rather than downgrading), with ``Security-swift.enum/implicitTLS`` the connection is
/// TLS from the first byte (RFC 8314, port 465). ``Security-swift.enum/none`` is a development
/// setting for a server on this machine and is refused for any host that is not loopback
/// (`localhost`, `127.0.0.0/8`, `::1`).
///
/// The certificate is verified against ``host`` (which is also the SNI name), with the system's
/// trust roots plus ``trustRoots``.
public struct SMTPSettings: Sendable {
    /// Transport security.
    public enum Security: String, Sendable, Equatable {
        /// Plain TCP, then STARTTLS (RFC 3207); the usual submission port 587.
        case startTLS
        /// TLS from the first byte (RFC 8314); port 465.
        case implicitTLS
        /// No TLS at all: loopback hosts only.
        case none

        /// 587, 465, or 25.
        public var defaultPort: Int {
            switch self {
            case .startTLS: 587
            case .implicitTLS: 465
            case .none: 25
            }
        }
    }

    /// A user name and password for AUTH PLAIN (RFC 4616) or AUTH LOGIN.
    public struct Credentials: Sendable {
        public let username: String
        public let password: Secret

        public init(username: String, password: Secret) {
            self.username = username
            self.password = password
        }
    }

    /// The server's host name (or address literal); what the certificate must name.
    public let host: String
    public let port: Int
    public let security: Security
    /// Absent: no AUTH at all.
    public let credentials: Credentials?
    /// The envelope sender (MAIL FROM); the message's own `From` header is the message's.
    public let from: MailAddress
    /// The name given in EHLO.
    public let heloName: String
    /// For the TCP connection.
    public let connectTimeout: Duration
    /// For each reply (and the TLS handshake).
    public let commandTimeout: Duration
    /// For the whole exchange, connection included.
    public let totalTimeout: Duration
    /// Extra PEM files of CA certificates to trust (tests, private CAs), read when the client is made.
    public let trustRoots: [String]

    /// Always true: AUTH only ever goes over TLS; with ``Security-swift.enum/none`` (loopback only) there is no TLS to wait for.
    public var requiresTLSForAuthentication: Bool { security != .none }

    /// - Throws: ``SMTPError/invalidSettings(_:)`` when `security` is `.none` and `host` is not
    ///   loopback, when `host` or `heloName` is empty or contains CR/LF or spaces, or a port is out of range.
    public init(
        host: String, port: Int? = nil, security: Security = .startTLS, credentials: Credentials? = nil, from: MailAddress,
        heloName: String = "localhost", connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(30),
        totalTimeout: Duration = .seconds(120), trustRoots: [String] = []
    ) throws(SMTPError) {
        let bad: (String) -> Bool = { text in text.isEmpty || text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F } }
        guard !bad(host) else { throw .invalidSettings("host must be a name or address without spaces or control characters") }
        guard !bad(heloName) else { throw .invalidSettings("helo_name must be a name without spaces or control characters") }
        let port = port ?? security.defaultPort
        guard (1...65535).contains(port) else { throw .invalidSettings("port \(port) is outside 1…65535") }
        if security == .none && !Self.isLoopback(host) {
            throw .invalidSettings(
                "security none (no TLS) is a development setting for a loopback host; \(host) is not loopback: use startTLS or implicitTLS")
        }
        if let credentials, bad(credentials.username) || credentials.password.value.isEmpty {
            throw .invalidSettings("the SMTP user name must not be empty or contain spaces or control characters, the password not empty")
        }
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.from = from
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.totalTimeout = totalTimeout
        self.trustRoots = trustRoots
    }

    /// `localhost`, an IPv4 address in 127.0.0.0/8, or `::1` (bracketed or not).
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "localhost." || host == "::1" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        let values = octets.compactMap { $0.count <= 3 && $0.allSatisfy(\.isASCII) ? UInt8($0) : nil }
        return values.count == 4 && values[0] == 127
    }
}
