import JSONCanonical

/// A did:web identifier: a domain (with optional port) and an optional path.
///
/// `did:web:example.org:issuers:1` lives at `https://example.org/issuers/1/did.json`;
/// `did:web:example.org` at `https://example.org/.well-known/did.json`; a port is written
/// percent-encoded, `did:web:localhost%3A8443`.
public struct DIDWeb: Sendable, Hashable, CustomStringConvertible {
    /// The fragment of a key without a `kid` in the DID documents certbridge builds.
    public static let defaultFragment = "key-1"

    /// The fragment naming a key: its JWK `kid`, else ``defaultFragment``.
    public static func fragment(forKeyID keyID: String?) -> String { keyID ?? defaultFragment }

    /// The host name, lower-cased.
    public let host: String
    /// The port, if not the HTTPS default.
    public let port: Int?
    /// The path segments.
    public let path: [String]

    /// A did:web from its parts.
    public init(host: String, port: Int? = nil, path: [String] = []) throws(DIDError) {
        let shown = host + (port.map { ":\($0)" } ?? "") + path.map { "/" + $0 }.joined()
        let lowered = host.lowercased()
        guard !lowered.isEmpty, lowered.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }),
            !lowered.hasPrefix("."), !lowered.hasSuffix(".")
        else {
            throw .invalidDID(shown, reason: "the host must be a domain name (letters, digits, '-', '.')")
        }
        if let port, !(1...65535).contains(port) {
            throw .invalidDID(shown, reason: "port \(port) is out of range")
        }
        for segment in path where segment.isEmpty || !segment.allSatisfy(Self.isPathCharacter) {
            throw .invalidDID(shown, reason: "path segment '\(segment)' is empty or has characters a URL path cannot carry")
        }
        self.host = lowered
        self.port = port
        self.path = path
    }

    /// Reads `did:web:…`, an `https://` URL of the DID or its did.json, or the short form
    /// `example.org[:path:…]` (a port percent-encoded: `localhost%3A8443`).
    public init(parsing text: String) throws(DIDError) {
        if text.hasPrefix("https://") {
            try self.init(url: String(text.dropFirst("https://".count)), original: text)
            return
        }
        let specific = text.hasPrefix("did:web:") ? String(text.dropFirst("did:web:".count)) : text
        guard !specific.contains("#"), !specific.contains("/") else {
            throw .invalidDID(text, reason: "expected did:web:<domain>[:<path>…] without '/' or '#'")
        }
        var segments = specific.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let authority = segments.removeFirst()
        let (host, port) = try Self.splitAuthority(authority.replacingOccurrences(of: "%3a", with: "%3A"), separator: "%3A", original: text)
        try self.init(host: host, port: port, path: segments)
    }

    private init(url: String, original: String) throws(DIDError) {
        var parts = url.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let authority = parts.removeFirst()
        if parts.last == "" { parts.removeLast() }
        if parts.last == "did.json" { parts.removeLast() }
        if parts == [".well-known"] { parts = [] }
        let (host, port) = try Self.splitAuthority(authority, separator: ":", original: original)
        try self.init(host: host, port: port, path: parts)
    }

    private static func splitAuthority(_ authority: String, separator: String, original: String) throws(DIDError) -> (String, Int?) {
        guard let range = authority.range(of: separator) else { return (authority, nil) }
        guard let port = Int(authority[range.upperBound...]) else {
            throw .invalidDID(original, reason: "the port after the host is not a number")
        }
        return (String(authority[..<range.lowerBound]), port)
    }

    private static func isPathCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "-._~%!$&'()*+,;=@".contains(character))
    }

    /// The DID, e.g. `did:web:example.org:issuers:1`.
    public var did: String {
        (["did:web:" + host + (port.map { "%3A\($0)" } ?? "")] + path).joined(separator: ":")
    }

    /// Where the DID document is served.
    public var documentURL: String {
        let authority = "https://" + host + (port.map { ":\($0)" } ?? "")
        if path.isEmpty { return authority + "/.well-known/did.json" }
        return authority + "/" + path.joined(separator: "/") + "/did.json"
    }

    /// The DID.
    public var description: String { did }

    /// The did.json for `key`, its method `<did>#<fragment>` (default `#key-1`).
    ///
    /// The default ``VerificationMethodFormat/jsonWebKey`` publishes `publicKeyJwk` with `alg`:
    /// the one form both the TSG wallet and W3C Data Integrity verifiers accept.
    public func document(for key: PublicKey, fragment: String = DIDWeb.defaultFragment, format: VerificationMethodFormat = .jsonWebKey) -> JSONValue {
        DIDDocument.make(did: did, methodID: did + "#" + fragment, key: key, format: format)
    }
}
