import JSONCanonical
import StatusList
import Testing

@Suite("Bitstring Status List: entries, list credentials and the status of a credential")
struct StatusEntryTests {
    static let listURL = "https://certbridge.example.org/status/revocation-1"

    @Test("an entry's id is <list URL>#<index> (TSG reads the id); statusListIndex is a base-10 string")
    func entryJSON() throws {
        let entry = StatusListEntry(purpose: .revocation, index: 94_567, listCredential: Self.listURL)
        #expect(entry.json == [
            "id": "https://certbridge.example.org/status/revocation-1#94567", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": "94567", "statusListCredential": .string(Self.listURL),
        ])
        #expect(try StatusListEntry(entry.json) == entry)
    }

    @Test("malformed entries name their field; other types and purposes are not ours to check")
    func entryRefusals() throws {
        func entry(_ change: (inout JSONObject) -> Void) throws -> StatusListEntry? {
            var object = StatusListEntry(purpose: .suspension, index: 3, listCredential: Self.listURL).json.objectValue ?? [:]
            change(&object)
            return try StatusListEntry(.object(object), field: "credentialStatus[1]")
        }
        #expect(throws: StatusListError.invalid(field: "credentialStatus[1].statusListIndex", reason: "must be a base-10 integer as a string")) {
            try entry { $0["statusListIndex"] = .number(3) }
        }
        #expect(throws: StatusListError.invalid(field: "credentialStatus[1].statusListIndex", reason: "must be a base-10 integer as a string")) {
            try entry { $0["statusListIndex"] = "-3" }
        }
        #expect(throws: StatusListError.invalid(field: "credentialStatus[1].id", reason: "must not be the status list credential's URL")) {
            try entry { $0["id"] = .string(Self.listURL) }
        }
        #expect(try entry { $0["type"] = "StatusList2021Entry" } == nil)
        #expect(try entry { $0["statusPurpose"] = "message" } == nil)
    }

    @Test("a list credential round-trips, and a credential reads valid, revoked, suspended or unchecked")
    func status() throws {
        var bits = try StatusBitstring()
        try bits.setStatus(1, at: 42)
        let revocations = StatusListCredential(id: Self.listURL, purpose: .revocation, bitstring: bits)
        let unsigned = try revocations.unsigned(
            issuer: "did:web:certbridge.example.org", validFrom: "2026-12-01T00:00:00Z", validUntil: "2026-12-08T00:00:00Z")
        #expect(unsigned["type"] == ["VerifiableCredential", "BitstringStatusListCredential"])
        #expect(unsigned["credentialSubject"]?["statusPurpose"] == "revocation")
        let read = try StatusListCredential(unsigned, url: Self.listURL)
        #expect(read.bitstring == bits && read.purpose == .revocation)
        #expect(throws: StatusListError.self) { try StatusListCredential(unsigned, url: Self.listURL + "-other") }

        let suspensionsURL = "https://certbridge.example.org/status/suspension-1"
        var suspendedBits = try StatusBitstring()
        try suspendedBits.setStatus(1, at: 7)
        let lists = [
            Self.listURL: read, suspensionsURL: StatusListCredential(id: suspensionsURL, purpose: .suspension, bitstring: suspendedBits),
        ]
        func credential(_ entries: [StatusListEntry]) -> JSONValue {
            ["id": "urn:uuid:1", "issuer": "did:web:certbridge.example.org", "credentialStatus": .array(entries.map(\.json))]
        }
        let revokedEntry = StatusListEntry(purpose: .revocation, index: 42, listCredential: Self.listURL)
        let clearEntry = StatusListEntry(purpose: .revocation, index: 43, listCredential: Self.listURL)
        let suspendedEntry = StatusListEntry(purpose: .suspension, index: 7, listCredential: suspensionsURL)
        let elsewhere = StatusListEntry(purpose: .revocation, index: 1, listCredential: "https://other.example/status/1")
        #expect(try CredentialStatus.of(credential([clearEntry]), lists: lists) == .valid)
        #expect(try CredentialStatus.of(credential([revokedEntry, suspendedEntry]), lists: lists) == .revoked(entry: revokedEntry.id))
        #expect(try CredentialStatus.of(credential([clearEntry, suspendedEntry]), lists: lists) == .suspended(entry: suspendedEntry.id))
        #expect(try CredentialStatus.of(credential([clearEntry, elsewhere]), lists: lists) == .unchecked(entries: [elsewhere.id]))
        #expect(try CredentialStatus.of(["id": "urn:uuid:2"], lists: lists) == nil)
        let wrongPurpose = StatusListEntry(purpose: .suspension, index: 42, listCredential: Self.listURL)
        #expect(throws: StatusListError.self) { try CredentialStatus.of(credential([wrongPurpose]), lists: lists) }
        // Only the credential's issuer speaks for it: a list another issuer signed is refused.
        var issued = credential([clearEntry]).objectValue ?? [:]
        issued["issuer"] = "did:web:certbridge.example.org"
        #expect(try CredentialStatus.of(.object(issued), lists: lists) == .valid)
        issued["issuer"] = ["id": "did:web:someone-else.example"]
        #expect {
            try CredentialStatus.of(.object(issued), lists: lists)
        } throws: { error in
            "\(error)".contains("is issued by did:web:certbridge.example.org, not by the credential's issuer")
        }
    }
}
