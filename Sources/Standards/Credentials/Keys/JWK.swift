import JSONCanonical

/// A JSON Web Key (RFC 7517) for the key types certbridge uses (RFC 8037 OKP, RFC 7518 EC and RSA).
///
/// The private members (`d`, and RSA's `p`, `q`, `dp`, `dq`, `qi`) are kept out of
/// `description`, `debugDescription` and reflection so a stray `print` or `dump` cannot leak
/// them; only ``json`` writes them, for saving a key file.
public struct JWK: Sendable, Hashable {
    /// `kty`: `OKP`, `EC` or `RSA`.
    public var keyType: String
    /// `crv`: `Ed25519`, `P-256`, `P-384`.
    public var curve: String?
    /// `x`: base64url public key (Ed25519) or x coordinate (EC).
    public var x: String?
    /// `y`: base64url y coordinate (EC only).
    public var y: String?
    /// `d`: base64url private key (RSA: private exponent); `nil` for a public JWK.
    public var d: String?
    /// `n`: base64url RSA modulus.
    public var n: String?
    /// `e`: base64url RSA public exponent.
    public var e: String?
    /// RSA private CRT members `p`, `q`, `dp`, `dq`, `qi` (RFC 7518 §6.3.2), base64url.
    public var rsaPrivate: RSAPrivateMembers?
    /// `alg`: `EdDSA`, `ES256`, `ES384`, `PS256`. The TSG wallet needs it in did.json keys.
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

    /// An RSA JWK from its members.
    public init(rsaModulus n: String, exponent e: String, d: String? = nil, rsaPrivate: RSAPrivateMembers? = nil, algorithm: String? = nil, keyID: String? = nil) {
        self.init(keyType: "RSA", curve: nil, x: nil, d: d, algorithm: algorithm, keyID: keyID)
        self.n = n
        self.e = e
        self.rsaPrivate = rsaPrivate
    }

    /// Whether this JWK holds private key material.
    public var isPrivate: Bool { d != nil || rsaPrivate != nil }

    /// The same key without its private members.
    public var publicJWK: JWK {
        var copy = self
        copy.d = nil
        copy.rsaPrivate = nil
        return copy
    }
}

/// The CRT members of a private RSA JWK, base64url; they never print themselves.
public struct RSAPrivateMembers: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// `p`, the first prime factor.
    public var p: String
    /// `q`, the second prime factor.
    public var q: String
    /// `dp`, d mod (p-1).
    public var dp: String?
    /// `dq`, d mod (q-1).
    public var dq: String?
    /// `qi`, the CRT coefficient q^-1 mod p.
    public var qi: String?

    /// The members.
    public init(p: String, q: String, dp: String?, dq: String?, qi: String?) {
        self.p = p
        self.q = q
        self.dp = dp
        self.dq = dq
        self.qi = qi
    }

    /// Redacted.
    public var description: String { "<redacted>" }

    /// Nothing to show.
    public var customMirror: Mirror { Mirror(self, children: []) }
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
        n = try string("n")
        e = try string("e")
        let p = try string("p"), q = try string("q")
        if p != nil || q != nil {
            guard let p else { throw .missingMember("p") }
            guard let q else { throw .missingMember("q") }
            rsaPrivate = RSAPrivateMembers(p: p, q: q, dp: try string("dp"), dq: try string("dq"), qi: try string("qi"))
        }
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
        if let n { object["n"] = .string(n) }
        if let e { object["e"] = .string(e) }
        if let x { object["x"] = .string(x) }
        if let y { object["y"] = .string(y) }
        if let d { object["d"] = .string(d) }
        if let rsaPrivate {
            object["p"] = .string(rsaPrivate.p)
            object["q"] = .string(rsaPrivate.q)
            if let dp = rsaPrivate.dp { object["dp"] = .string(dp) }
            if let dq = rsaPrivate.dq { object["dq"] = .string(dq) }
            if let qi = rsaPrivate.qi { object["qi"] = .string(qi) }
        }
        if let algorithm { object["alg"] = .string(algorithm) }
        if let keyID { object["kid"] = .string(keyID) }
        return .object(object)
    }
}

extension JWK: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The public members; private ones show as redacted.
    public var description: String {
        var shown = publicJWK.json
        if d != nil { shown["d"] = "<redacted>" }
        if rsaPrivate != nil { shown["p"] = "<redacted>" }
        return shown.compactString
    }

    /// Same as ``description``: debugging output must not leak the private key either.
    public var debugDescription: String { description }

    /// Reflection without `d`, so `dump` and string interpolation of containers stay safe.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "kty": keyType, "crv": curve as Any, "n": n as Any, "e": e as Any, "x": x as Any, "y": y as Any,
                "d": d == nil ? "nil" : "<redacted>", "p/q/dp/dq/qi": rsaPrivate == nil ? "nil" : "<redacted>",
                "alg": algorithm as Any, "kid": keyID as Any,
            ])
    }
}
