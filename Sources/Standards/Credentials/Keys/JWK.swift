import JSONCanonical

/// A JSON Web Key (RFC 7517) for the key types certbridge uses (RFC 8037 OKP, RFC 7518 EC).
///
/// The private member `d` is kept out of `description`, `debugDescription` and reflection so a
/// stray `print` or `dump` cannot leak it; only ``json`` writes it, for saving a key file.
public struct JWK: Sendable, Hashable {
    /// `kty`: `OKP` or `EC`.
    public var keyType: String
    /// `crv`: `Ed25519`, `P-256`, `P-384`.
    public var curve: String?
    /// `x`: base64url public key (Ed25519) or x coordinate (EC).
    public var x: String?
    /// `y`: base64url y coordinate (EC only).
    public var y: String?
    /// `d`: base64url private key; `nil` for a public JWK.
    public var d: String?
    /// `alg`: `EdDSA`, `ES256`, `ES384`. The TSG wallet needs it in did.json keys.
    public var algorithm: String?
    /// `kid`: key identifier.
    public var keyID: String?

    /// A JWK from its members.
    public init(
        keyType: String, curve: String?, x: String?, y: String? = nil, d: String? = nil,
        algorithm: String? = nil, keyID: String? = nil
    ) {
        self.keyType = keyType
        self.curve = curve
        self.x = x
        self.y = y
        self.d = d
        self.algorithm = algorithm
        self.keyID = keyID
    }

    /// Whether this JWK holds private key material.
    public var isPrivate: Bool { d != nil }

    /// The same key without `d`.
    public var publicJWK: JWK {
        var copy = self
        copy.d = nil
        return copy
    }
}

extension JWK {
    /// Reads a JWK object; unknown members (`use`, `key_ops`, ...) are ignored.
    public init(json: JSONValue) throws(KeyError) {
        guard let object = json.objectValue else {
            throw .invalidMember("(root)", reason: "expected a JSON object, found \(json.kindName)")
        }
        func string(_ name: String) throws(KeyError) -> String? {
            guard let value = object[name] else { return nil }
            guard let text = value.stringValue else {
                throw .invalidMember(name, reason: "expected a string, found \(value.kindName)")
            }
            return text
        }
        guard let keyType = try string("kty") else { throw .missingMember("kty") }
        self.init(
            keyType: keyType, curve: try string("crv"), x: try string("x"), y: try string("y"),
            d: try string("d"), algorithm: try string("alg"), keyID: try string("kid"))
    }

    /// Parses JWK text, e.g. a key file's contents.
    public init(parsing text: String) throws(KeyError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw .invalidMember("(root)", reason: "not valid JSON: \(error)")
        }
        try self.init(json: value)
    }

    /// The JWK as JSON in the conventional member order; includes `d` when present.
    public var json: JSONValue {
        var object = JSONObject()
        object["kty"] = .string(keyType)
        if let curve { object["crv"] = .string(curve) }
        if let x { object["x"] = .string(x) }
        if let y { object["y"] = .string(y) }
        if let d { object["d"] = .string(d) }
        if let algorithm { object["alg"] = .string(algorithm) }
        if let keyID { object["kid"] = .string(keyID) }
        return .object(object)
    }
}

extension JWK: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The public members; `d` shows as redacted.
    public var description: String {
        var shown = publicJWK.json
        if d != nil { shown["d"] = "<redacted>" }
        return shown.compactString
    }

    /// Same as ``description``: debugging output must not leak the private key either.
    public var debugDescription: String { description }

    /// Reflection without `d`, so `dump` and string interpolation of containers stay safe.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "kty": keyType, "crv": curve as Any, "x": x as Any, "y": y as Any,
                "d": d == nil ? "nil" : "<redacted>", "alg": algorithm as Any, "kid": keyID as Any,
            ])
    }
}
