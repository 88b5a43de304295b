import JSONCanonical

extension DIDWeb {
    /// The did.json for a key ring: `active` and every key in `retired` is a verification method
    /// `<did>#<fragment>` and an `assertionMethod`, so credentials and status lists signed by a
    /// retired key still verify; only the active key also authenticates and invokes or delegates
    /// capabilities, as the single-key document does. Compromised keys are not passed here.
    public func document(
        active: SigningKey, retired: [SigningKey], format: VerificationMethodFormat = .jsonWebKey
    ) -> JSONValue {
        var document = DIDDocument.make(
            did: did, methodID: did + "#" + active.verificationMethodFragment, key: active.publicKey, format: format).objectValue
            ?? [:]
        var methods = document["verificationMethod"]?.arrayValue ?? []
        var assertions = document["assertionMethod"]?.arrayValue ?? []
        for key in retired {
            let id = did + "#" + key.verificationMethodFragment
            methods.append(.object(format.verificationMethod(id: id, controller: did, key: key.publicKey)))
            assertions.append(.string(id))
        }
        document["verificationMethod"] = .array(methods)
        document["assertionMethod"] = .array(assertions)
        return .object(document)
    }
}
