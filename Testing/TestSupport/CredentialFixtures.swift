import JSONCanonical

/// Small credentials the validator tests of several modules share.
public enum CredentialFixtures {
    /// A VC 1.1 credential that meets the data model and the TSG wallet's import schema (unsigned).
    public static let valid11: JSONValue = [
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "https://certbridge.example.org/credentials/1",
        "type": ["VerifiableCredential"],
        "issuer": "did:web:certbridge.example.org",
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": ["id": "did:web:wallet.example.org:users:a"],
    ]

    /// `valid11` with one top-level member set (`nil` removes it).
    public static func valid11(changing key: String, to value: JSONValue?) -> JSONValue {
        var document = valid11
        document[key] = value
        return document
    }
}
