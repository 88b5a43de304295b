import JSONCanonical
import TestSupport
import Testing

@testable import Mapping
@testable import TSGWallet

/// The one-pass validator against the per-rule lookups it replaced, on generated documents.
@Suite("validator rewrite agrees with the reference validator")
struct ValidatorEquivalenceTests {
    /// Candidate values per member; `nil` leaves the member out.
    static let candidates: [String: [JSONValue?]] = [
        "@context": [
            nil, "https://www.w3.org/ns/credentials/v2", ["https://www.w3.org/ns/credentials/v2", "https://x.example/c"],
            ["https://www.w3.org/2018/credentials/v1", ["@vocab": "https://x/"]], [], [1], .null,
        ],
        "type": [nil, ["VerifiableCredential"], "VerifiableCredential", ["X", "VerifiableCredential"], ["X"], [1, "VerifiableCredential"], []],
        "issuer": [nil, "did:key:z6Mk", "https://issuer.example", "not a uri", "", ["id": "did:web:x"], ["id": "bad"], ["name": "x"], 3, "é:x"],
        "id": [nil, "https://x.example/1", "did:web:h#1", "urn:uuid:1", "did:web:h#", "nope", 5, "did:web:hx#1", ""],
        "credentialSubject": [nil, ["id": "did:web:h"], ["id": ""], ["name": "x"], [:], [["id": "did:web:h"]], [], "x", ["id": 3]],
        "issuanceDate": [nil, "2024-01-01T00:00:00Z", "2024-01-01", "2025-01-01T00:00:00+01:00", 1],
        "expirationDate": [nil, "2023-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "bad"],
        "validFrom": [nil, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.5-02:00", "x"],
        "validUntil": [nil, "2023-12-31T23:59:59Z", "2030-01-01T00:00:00Z", .null],
        "proof": [nil, ["type": "DataIntegrityProof"], [["type": "DataIntegrityProof"]], [], "x"],
    ]
    static let order = ["@context", "id", "type", "issuer", "issuanceDate", "validFrom", "expirationDate", "validUntil", "credentialSubject", "proof"]

    @Test("issues are the same, in the same order, for every version, target and signing state")
    func equivalence() {
        var generator = SeededGenerator(seed: 29)
        var withIssues = 0
        var clean = 0
        for round in 0..<4_000 {
            var members: [(String, JSONValue)] = []
            for key in Self.order {
                if let value = Self.candidates[key]?.randomElement(using: &generator) ?? nil { members.append((key, value)) }
            }
            if round % 5 == 0 { members.shuffle(using: &generator) }
            if round % 7 == 0 { members.append(("extra", "x")) }
            let document: JSONValue = round % 97 == 0 ? .array([]) : .object(JSONObject(members))
            for version in [VCVersion.v1_1, .v2_0] {
                for target in [ProfileTarget.tsgWallet, .generic] {
                    // The data model's rules (Mapping) and the TSG import form's (TSGWallet), in one validate stage.
                    let form: any CredentialForm = target == .tsgWallet ? TSGImportForm() : PlainCredentialForm()
                    for signed in [false, true] {
                        let issues = CredentialValidator(version: version, form: form).issues(in: document, signed: signed)
                        let reference = ReferenceCredentialValidator(version: version, target: target).issues(in: document, signed: signed)
                        #expect(issues == reference, "\(document.compactString) \(version) \(target) \(signed)")
                        if issues.isEmpty { clean += 1 } else { withIssues += 1 }
                    }
                }
            }
        }
        #expect(clean > 0 && withIssues > 0)
    }

    @Test("the holder-prefix check equals hasPrefix(holder + \"#\")")
    func holderPrefix() {
        var generator = SeededGenerator(seed: 19)
        let pieces = ["did", ":", "web", "#", "a", "é", "e\u{301}", "\u{301}", "x", "K", "\u{212A}"]
        for _ in 0..<10_000 {
            let holder = generator.text(from: pieces, maxLength: 4)
            let id = Bool.random(using: &generator) ? holder + "#" + generator.text(from: pieces, maxLength: 3) : generator.text(from: pieces, maxLength: 6)
            #expect(TSGImportForm.hasHolderPrefix(id, holder: holder) == id.hasPrefix(holder + "#"), "\(id) \(holder)")
        }
    }
}
