import Foundation
import JSONCanonical
@testable import Mapping

/// A Certifier credential like the API returns, with the awkward parts real data has.
let sampleCredential: JSONValue = [
    "id": "01hz2f0c9ryvzajg20jqh9taab",
    "publicId": "124a8110-2c9e-4a63-9b5c-0f3c1a7e2d11",
    "groupId": "01g90279gp5sbmfek7wymcsvec",
    "status": "issued",
    "recipient": ["id": "01jmerb6k2x9d3v7q8w4n5t6ya", "name": "Zoë Müller", "email": "  Zoe.Muller@Example.DE "],
    "issueDate": "2024-02-29",
    "expiryDate": nil,
    "attributes": ["recipient.name": "Zoë Müller"],
    "customAttributes": ["custom.mentor": "Jürgen Groß", "custom.empty": "", "custom.skills": "DCP, ODRL,,", "custom.credits": "2.5"],
    "tags": ["a", "b"],
    "createdAt": "2024-02-29T08:12:44.512Z",
]

/// A complete minimal profile around one subject member `v`.
func profileText(value: String, extra: String = "") -> String {
    """
    name: t
    vc: "2.0"
    target: generic
    timezone: Europe/Amsterdam
    namespace: a7e3c016-6384-409b-9e61-afeac9a54d06
    \(extra)
    context: [https://www.w3.org/ns/credentials/v2]
    type: [VerifiableCredential]
    id: 'urn:test:{{ id }}'
    validFrom: '{{ dateTime(issueDate) }}'
    credentialSubject:
      id: did:example:holder
      v: '\(value)'
    """
}

/// The clock reading used by evaluation tests: 2026-01-15T09:30:00Z.
let fixedNow = Date(timeIntervalSince1970: 1_768_469_400)

/// Evaluates `{{ expression }}` as the subject member `v` against a credential.
func evaluate(_ expression: String, source: JSONValue = sampleCredential, extra: String = "") throws -> JSONValue? {
    let set = try ProfileLoader.load(sources: [("t.yaml", profileText(value: "{{ \(expression) }}", extra: extra))])
    guard let profile = set.profiles.first else { return nil }
    return try profile.render(source, issuer: "did:web:issuer.example", now: fixedNow)["credentialSubject"]?["v"]
}

/// The diagnostics of loading these files (empty when they load).
func diagnostics(_ sources: [(file: String, text: String)]) -> [ProfileDiagnostic] {
    do {
        let set = try ProfileLoader.load(sources: sources)
        return set.warnings
    } catch {
        return error.diagnostics
    }
}
