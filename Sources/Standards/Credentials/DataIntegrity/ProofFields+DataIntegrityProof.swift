import JSONCanonical

extension ProofFields {
    /// Checks what every `DataIntegrityProof` suite fixes in its proof options: `type` is
    /// `DataIntegrityProof`, `cryptosuite` is the suite's name, and `created`, when present,
    /// is a date-time.
    public static func checkDataIntegrityProof(_ options: JSONObject, cryptosuite name: String) throws(DataIntegrityError) {
        let type = try string("type", in: options)
        guard type == DataIntegrityContext.dataIntegrityProofType else {
            throw .malformedProofField("type", reason: "'\(type)' is not DataIntegrityProof")
        }
        let suite = try string("cryptosuite", in: options)
        guard suite == name else { throw .malformedProofField("cryptosuite", reason: "'\(suite)' is not \(name)") }
        _ = try dateTime("created", in: options)
    }

    /// The signature in `proofValue`: base58btc multibase, of the length the key type signs.
    public static func proofValueSignature(in proof: JSONObject, keyType: KeyType) throws(DataIntegrityError) -> [UInt8] {
        let encoded = try string("proofValue", in: proof)
        let signature: [UInt8]
        do {
            signature = try Multibase.decodeBase58BTC(encoded)
        } catch {
            throw .malformedProofField("proofValue", reason: "\(error)")
        }
        // RSA signatures have the modulus length; the key checks those itself.
        if let expected = keyType.signatureLength, signature.count != expected {
            throw .malformedProofField(
                "proofValue", reason: "a \(keyType) signature has \(expected) bytes, found \(signature.count)")
        }
        return signature
    }
}
