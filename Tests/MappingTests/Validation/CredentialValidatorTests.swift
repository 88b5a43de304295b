import JSONCanonical
import TestSupport
import Testing
@testable import Mapping

@Suite("Validation: VC data model 1.1 / 2.0 (destination forms add their rules: TSGWalletTests)")
struct CredentialValidatorTests {
    static let valid11 = CredentialFixtures.valid11

    func issues(_ document: JSONValue, _ version: VCVersion = .v1_1, signed: Bool = false) -> [String] {
        CredentialValidator(version: version).issues(in: document, signed: signed).map(\.description)
    }

    func changed(_ key: String, _ value: JSONValue?) -> JSONValue {
        CredentialFixtures.valid11(changing: key, to: value)
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

}
