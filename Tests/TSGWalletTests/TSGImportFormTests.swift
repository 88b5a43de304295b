import JSONCanonical
import TestSupport
import Testing
import Mapping
@testable import TSGWallet

@Suite("TSG wallet import form: its rules in the one validate stage, and the proof layout")
struct TSGImportFormTests {
    static let valid11 = CredentialFixtures.valid11

    func issues(_ document: JSONValue, _ version: VCVersion = .v1_1, _ target: ProfileTarget = .tsgWallet, signed: Bool = false) -> [String] {
        let form: any CredentialForm = target == .tsgWallet ? TSGImportForm() : PlainCredentialForm()
        return CredentialValidator(version: version, form: form).issues(in: document, signed: signed).map(\.description)
    }

    func changed(_ key: String, _ value: JSONValue?) -> JSONValue {
        CredentialFixtures.valid11(changing: key, to: value)
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

    @Test("shape: a single proof becomes a set of one, other members untouched; a proof set stays as it is")
    func proofAsArray() {
        var signed = Self.valid11
        signed["proof"] = ["type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"]
        var expected = Self.valid11
        expected["proof"] = [["type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"]]
        #expect(TSGImportForm().shape(signed: signed) == expected)
        #expect(TSGImportForm().shape(signed: expected) == expected)
        #expect(PlainCredentialForm().shape(signed: signed) == signed)
    }
}
