import JSONCanonical
import Pipeline
import Testing

/// The digests that decide whether a credential changed, against SHA-256 computed elsewhere
/// (Python's hashlib over the RFC 8785 text written out by hand).
@Suite("claims digest")
struct ClaimsDigestTests {
    @Test("the claims digest is the lowercase hex SHA-256 of the JCS form without the per-issue members")
    func claimsKnownAnswer() {
        let vc: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1", "type": ["VerifiableCredential"],
            "validFrom": "2026-01-01T00:00:00Z", "credentialSubject": ["name": "Ada é"], "proof": ["type": "x"],
        ]
        // {"credentialSubject":{"name":"Ada é"},"type":["VerifiableCredential"]}
        #expect(ClaimsDigest.of(vc) == "34134a975578bb9523fbe132d2af7de7716eb444da14c3c5a57844a55c1e0a7b")
    }

    @Test("the source digest leaves out updatedAt only")
    func sourceKnownAnswer() {
        let source: JSONValue = ["status": "issued", "updatedAt": "2026-12-05T00:00:00Z", "id": "c1"]
        // {"id":"c1","status":"issued"}
        #expect(ClaimsDigest.ofSource(source) == "1351ec5f80291ea2f07eee0a693b2f2ea951f6a7491f77a19e9347fafc016b3f")
    }
}
