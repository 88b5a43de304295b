import Credentials

extension FuzzTargets {
    /// The multibase, base58btc and base64url decoders and the Multikey readers: decoded bytes
    /// encode back to the same base58btc text (it has one spelling per value), encoding then
    /// decoding is the identity, and a Multikey that reads re-encodes to the same key (and base58btc text to itself).
    static let multibase = FuzzTarget(
        "multibase", "Multibase/Base58BTC/Base64URL/Multicodec decoders and Multikey keys: decode∘encode is the identity, base58btc text re-encodes to itself"
    ) { input throws(FuzzFinding) in
        let text = String(decoding: input, as: UTF8.self)
        if let bytes = try? Base58BTC.decode(text) {
            try expect(Base58BTC.encode(bytes) == text, "multibase", "base58btc '\(text.prefix(80))' decodes to bytes that encode as '\(Base58BTC.encode(bytes).prefix(80))'")
        }
        let zBytes = try? Multibase.decodeBase58BTC(text)
        if let decoded = try? Multibase.decode(text) {
            if text.hasPrefix("z") {
                try expect(zBytes == decoded, "multibase", "Multibase.decode and decodeBase58BTC disagree on '\(text.prefix(80))'")
                try expect(Multibase.encodeBase58BTC(decoded) == text, "multibase", "multibase '\(text.prefix(80))' does not re-encode to itself")
            }
            if let split = try? Multicodec.split(decoded) {
                try expect(split.payload.count <= decoded.count, "multibase", "multicodec payload longer than its input")
                if let codec = Multicodec(rawValue: split.code) {
                    try expect(codec.framing(split.payload) == decoded, "multibase", "multicodec \(codec) does not frame its payload back to the input")
                }
            }
        } else {
            try expect(zBytes == nil || !text.hasPrefix("z"), "multibase", "decodeBase58BTC accepts '\(text.prefix(80))' that Multibase.decode refuses")
        }
        if let bytes = try? Base64URL.decode(text) {
            try expect((try? Base64URL.decode(Base64URL.encode(bytes))) == bytes, "multibase", "base64url encode then decode changes the bytes")
        }
        try expect((try? Base58BTC.decode(Base58BTC.encode(input))) == input, "multibase", "base58btc encode then decode changes the bytes")
        try expect((try? Base64URL.decode(Base64URL.encode(input))) == input, "multibase", "base64url encode then decode changes the bytes")
        if let key = try? PublicKey(multikey: text) {
            // A `u` (base64url) Multikey is read but written as `z`: compare keys, and the text when it was `z`.
            try expect((try? PublicKey(multikey: key.multikey)) == key, "multibase", "Multikey '\(text.prefix(80))' re-encodes to another key")
            try expect(!text.hasPrefix("z") || key.multikey == text, "multibase", "Multikey '\(text.prefix(80))' re-encodes as '\(key.multikey.prefix(80))'")
        }
        if let key = try? SigningKey(multikeySecret: text) {
            try expectSigns(key, target: "multibase")
        }
    }

    /// The JWK reader: a public key re-exports to a JWK that reads back as the same key (and, for
    /// curves, to a Multikey that does); a private key signs what its public key verifies.
    static let jwk = FuzzTarget(
        "jwk", "JWK → PublicKey/SigningKey: the exported JWK and Multikey read back to the same key; a private key's signature verifies under its public key"
    ) { input throws(FuzzFinding) in
        guard let jwk = try? JWK(parsing: String(decoding: input, as: UTF8.self)) else { return }
        if let key = try? PublicKey(jwk: jwk) {
            try expect((try? PublicKey(jwk: key.jwk)) == key, "jwk", "the exported JWK of a \(key.type) key reads back as a different key")
            if key.type.hasDIDKey {
                try expect((try? PublicKey(multikey: key.multikey)) == key, "jwk", "the Multikey of a \(key.type) key reads back as a different key")
            }
        }
        if let key = try? SigningKey(jwk: jwk) {
            try expectSigns(key, target: "jwk")
            if let declared = try? PublicKey(jwk: jwk.publicJWK) {
                try expect(declared == key.publicKey, "jwk", "a private \(key.type) JWK is accepted whose public members name another key than its private ones")
            }
        }
    }

    /// A signing key's signature over a fixed message verifies under its own public key.
    static func expectSigns(_ key: SigningKey, target: String) throws(FuzzFinding) {
        let message = Array("certbridge fuzz".utf8)
        guard let signature = try? key.sign(message) else { return }
        try expect(
            key.publicKey.isValidSignature(signature, for: message), target,
            "a \(key.type) key's signature does not verify under its own public key")
    }
}
