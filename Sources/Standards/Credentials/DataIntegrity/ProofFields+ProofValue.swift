import JSONCanonical

extension ProofFields {
    /// `options` without any old `proofValue` and with a new one: the base58btc multibase of
    /// `key`'s signature over `message` (what the suite signs: hash data, a JWS signing input…).
    public static func addingProofValue(to options: JSONObject, signing message: [UInt8], with key: SigningKey) throws(DataIntegrityError) -> JSONObject {
        var proof = options
        proof["proofValue"] = nil
        try addProofValue(to: &proof, signing: message, with: key)
        return proof
    }

    /// Appends the `proofValue` of `key`'s signature over `message` to `proof`, which has none;
    /// in place, so that a proof being built is not copied once more.
    static func addProofValue(to proof: inout JSONObject, signing message: [UInt8], with key: SigningKey) throws(DataIntegrityError) {
        do {
            proof["proofValue"] = .string(Multibase.encodeBase58BTC(try key.sign(message)))
        } catch {
            throw .signingFailed(error)
        }
    }

    /// Checks that `proof`'s `proofValue` is `publicKey`'s signature over `message`.
    public static func checkProofValue(in proof: JSONObject, over message: [UInt8], publicKey: PublicKey) throws(DataIntegrityError) {
        let signature = try proofValueSignature(in: proof, keyType: publicKey.type)
        guard publicKey.isValidSignature(signature, for: message) else {
            throw .invalidSignature(verificationMethod: proof["verificationMethod"]?.stringValue ?? "the stated key")
        }
    }
}
