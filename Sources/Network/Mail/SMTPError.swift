/// Why an e-mail was not sent. Every case names the step of the dialogue (or the setting, or the
/// header) and says through ``isTransient`` whether sending again later may help.
///
/// No case ever carries a command line, the password or an AUTH exchange: only the step, and the
/// server's own reply code and text.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The settings cannot be used (plain text to a host that is not loopback, an unreadable trust root).
    case invalidSettings(String)
    /// A header value is unusable (CR or LF in it, an invalid address); names the header.
    case invalidHeader(name: String, reason: String)
    /// The server answered a step with an error reply: 4xx is transient, 5xx permanent.
    case rejected(step: String, code: Int, text: String, transient: Bool)
    /// The server lacks what the settings or the message need (STARTTLS, an AUTH mechanism we
    /// speak, SMTPUTF8, a large enough SIZE). Never worked around by downgrading.
    case capabilityMissing(step: String, capability: String)
    /// The TCP connection failed or was closed before the message was accepted (transient).
    case connection(step: String, detail: String)
    /// The TLS handshake failed: an untrusted or mismatched certificate, say (permanent).
    case tls(step: String, detail: String)
    /// No answer within the connect, command or total timeout (transient).
    case timeout(step: String)
    /// The server said something that is not SMTP here (a malformed or unexpected reply).
    case protocolViolation(step: String, detail: String)

    /// Whether a later attempt may succeed.
    public var isTransient: Bool {
        switch self {
        case .rejected(_, _, _, let transient): transient
        case .connection, .timeout: true
        case .invalidSettings, .invalidHeader, .capabilityMissing, .tls, .protocolViolation: false
        }
    }

    /// The step (or header or setting) the error belongs to.
    public var step: String {
        switch self {
        case .invalidSettings: "settings"
        case .invalidHeader(let name, _): name
        case .rejected(let step, _, _, _), .capabilityMissing(let step, _), .connection(let step, _), .tls(let step, _),
            .timeout(let step), .protocolViolation(let step, _):
            step
        }
    }

    public var description: String {
        switch self {
        case .invalidSettings(let reason): "SMTP settings: \(reason)"
        case .invalidHeader(let name, let reason): "mail header \(name): \(reason)"
        case .rejected(let step, let code, let text, let transient):
            "SMTP \(step) rejected (\(transient ? "transient" : "permanent")): \(code) \(text)"
        case .capabilityMissing(let step, let capability): "SMTP \(step): the server does not offer \(capability)"
        case .connection(let step, let detail): "SMTP \(step): connection failed: \(detail)"
        case .tls(let step, let detail): "SMTP \(step): TLS failed: \(detail)"
        case .timeout(let step): "SMTP \(step): timed out"
        case .protocolViolation(let step, let detail): "SMTP \(step): protocol violation: \(detail)"
        }
    }

    /// An error reply to `step`: 4xx transient, anything else permanent.
    static func reply(_ reply: SMTPReply, at step: String) -> SMTPError {
        .rejected(step: step, code: reply.code, text: reply.text, transient: (400..<500).contains(reply.code))
    }
}
