import JSONCanonical
import Testing
@testable import Mapping

@Suite("Validation: VC data model 1.1 / 2.0 and the TSG wallet import schema")
struct CredentialValidatorTests {
    static let valid11: JSONValue = [
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "https://certbridge.example.org/credentials/1",
        "type": ["VerifiableCredential"],
        "issuer": "did:web:certbridge.example.org",
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": ["id": "did:web:wallet.example.org:users:a"],
    ]

    func issues(_ document: JSONValue, _ version: VCVersion = .v1_1, _ target: TargetSchema = .tsgWallet, signed: Bool = false) -> [String] {
        CredentialValidator(version: version, target: target).issues(in: document, signed: signed).map(\.description)
    }

    func changed(_ key: String, _ value: JSONValue?) -> JSONValue {
        var document = Self.valid11
        document[key] = value
        return document
    }

    @Test("a valid VC 1.1 credential for the wallet passes")
    func valid() {
        #expect(issues(Self.valid11).isEmpty)
    }

    @Test("each data model rule")
    func dataModel() {
        #expect(issues(changed("@context", ["https://www.w3.org/ns/credentials/v2"])) == ["VC 1.1: @context: the first entry must be https://www.w3.org/2018/credentials/v1, not https://www.w3.org/ns/credentials/v2"])
        #expect(issues(changed("type", ["Credential"])).contains("VC 1.1: type: must contain VerifiableCredential"))
        #expect(issues(changed("issuanceDate", nil)).contains("VC 1.1: issuanceDate: must be present in VC 1.1"))
        #expect(issues(changed("issuanceDate", "2024-01-01")).first?.contains("date-time") == true)
        #expect(issues(changed("expirationDate", "2023-01-01T00:00:00Z")) == ["VC 1.1: expirationDate: is before issuanceDate"])
        #expect(issues(changed("credentialSubject", [:])).contains("VC 1.1: credentialSubject: must be present and not empty"))
        #expect(issues(changed("issuer", nil)).contains { $0.hasPrefix("VC 1.1: issuer:") })
    }

    @Test("VC 2.0: its own base context, optional validFrom, dates need a zone")
    func version2() {
        var document = Self.valid11
        document["@context"] = ["https://www.w3.org/ns/credentials/v2"]
        document["issuanceDate"] = nil
        #expect(issues(document, .v2_0).isEmpty)
        document["validFrom"] = "2024-01-01T00:00:00"
        #expect(issues(document, .v2_0).first?.hasPrefix("VC 2.0: validFrom") == true)
    }

    @Test("TSG wallet: string issuer, holder DID, id forms, proof array")
    func tsgWallet() {
        #expect(issues(changed("issuer", ["id": "did:web:x"])).contains("tsg-wallet: issuer: must be a string (the wallet does not accept the object form)"))
        #expect(issues(changed("issuer", ["id": "did:web:x"]), .v1_1, .generic).isEmpty)
        #expect(issues(changed("credentialSubject", ["name": "x"])).contains("tsg-wallet: credentialSubject.id: the holder DID is required"))
        #expect(issues(changed("id", "did:web:wallet.example.org:users:a#1")).isEmpty)
        #expect(issues(changed("id", "urn:uuid:1")).contains { $0.hasPrefix("tsg-wallet: id:") })
        #expect(issues(Self.valid11, signed: true) == ["tsg-wallet: proof: must be a non-empty array of proofs"])
        #expect(issues(changed("proof", [["type": "DataIntegrityProof"]]), signed: true).isEmpty)
        #expect(issues(changed("proof", ["type": "DataIntegrityProof"]), signed: true).count == 1)
    }
}
