/// Why the demo could not run to its report.
public enum DemoError: Error, Sendable, CustomStringConvertible {
    /// An input file or directory is missing.
    case missingInput(what: String, path: String)
    /// A line of the examples file is not a Certifier credential with an `id`.
    case badExample(path: String, line: Int, reason: String)
    /// The work directory or a file in it cannot be written.
    case workDirectory(path: String, reason: String)
    /// The key exists but cannot be used, or a new one cannot be written.
    case key(path: String, reason: String)
    /// The stand-ins or the gateway did not start (configuration, profiles, ports).
    case startup(String)
    /// Jobs were still pending when the time ran out.
    case timeout(seconds: Int, pending: [String])
    /// The gateway's did.json is missing or is not the issuer's.
    case didDocument(String)
    /// Talking to the gateway or reading its outbox failed.
    case gateway(String)

    /// Names the file, line, job or endpoint; never a secret.
    public var description: String {
        switch self {
        case .missingInput(let what, let path):
            "\(what) \(path) not found: run from the repository root or pass the path"
        case .badExample(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .workDirectory(let path, let reason): "work directory \(path): \(reason)"
        case .key(let path, let reason): "key \(path): \(reason)"
        case .startup(let reason): "could not start: \(reason)"
        case .timeout(let seconds, let pending):
            "the outbox did not settle within \(seconds)s; still pending:\n"
                + pending.map { "  " + $0 }.joined(separator: "\n")
        case .didDocument(let reason): "issuer did.json: \(reason)"
        case .gateway(let reason): "gateway: \(reason)"
        }
    }
}
