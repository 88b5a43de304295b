import Credentials
import Foundation
import JSONCanonical
import StatusList
import TestSupport
import Testing

@Suite("certbridge verify --status-list: revoked and suspended credentials fail, the list's own proof and dates count")
struct VerifyStatusCommandTests {
    static let listURL = "https://certbridge.example.org/status/revocation-1"

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-status-\(UUID().uuidString)")

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ value: JSONValue, _ name: String) throws {
        try Data(value.compactString.utf8).write(to: URL(fileURLWithPath: path(name)))
    }

    /// `certbridge sign` with the test key: the signed document.
    func sign(_ name: String) async throws -> JSONValue {
        let run = try await BuiltExecutable.run("certbridge", arguments: ["sign", path(name), "--key", path("key.jwk"), "--suite", "eddsa-jcs-2022"])
        guard run.status == 0 else { throw StatusListError.invalid(field: name, reason: run.stderr) }
        return try JSONValue(parsing: run.stdout)
    }

    func verify(_ arguments: [String]) async throws -> CommandRun {
        try await BuiltExecutable.run("certbridge", arguments: ["verify", path("vc.signed.json")] + arguments)
    }

    @Test("valid, revoked, a list with a broken proof, an expired list, and an entry with no list given")
    func statusChecks() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = SigningKey.generate(.ed25519)
        try key.save(to: path("key.jwk"))
        let entry = StatusListEntry(purpose: .revocation, index: 1234, listCredential: Self.listURL)
        let vc: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:7b6c", "type": ["VerifiableCredential"],
            "issuer": .string(key.didKey), "credentialSubject": ["id": "did:example:holder"], "credentialStatus": entry.json,
        ]
        try write(vc, "vc.json")
        try await write(try sign("vc.json"), "vc.signed.json")
        func list(revoking index: Int?, validUntil: String = "2099-01-01T00:00:00Z") async throws -> JSONValue {
            var bits = try StatusBitstring()
            if let index { try bits.setStatus(1, at: index) }
            return try StatusListCredential(id: Self.listURL, purpose: .revocation, bitstring: bits)
                .unsigned(issuer: key.didKey, validFrom: "2026-01-01T00:00:00Z", validUntil: validUntil)
        }
        try await write(try list(revoking: 99), "clear.json")
        try await write(try sign("clear.json"), "clear.signed.json")
        try await write(try list(revoking: 1234), "revoked.json")
        let revokedList = try await sign("revoked.json")
        try write(revokedList, "revoked.signed.json")
        try await write(try list(revoking: 1234, validUntil: "2026-02-01T00:00:00Z"), "expired.json")
        try await write(try sign("expired.json"), "expired.signed.json")

        let valid = try await verify(["--status-list", "\(Self.listURL)=\(path("clear.signed.json"))"])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        #expect(valid.stdout.contains("; status valid"), "\(valid.stdout)")

        let revoked = try await verify(["--status-list", "\(Self.listURL)=\(path("revoked.signed.json"))"])
        #expect(revoked.status == 1)
        #expect(revoked.stdout.contains("the proof verifies, but the credential is REVOKED (\(Self.listURL)#1234)"), "\(revoked.stdout)")
        #expect(revoked.stdout.contains("0 verified, 1 failed"))

        // The revoked list with its bit cleared by hand: its proof no longer verifies, so it cannot clear the credential.
        var forged = revokedList.objectValue ?? [:]
        var subject = forged["credentialSubject"]?.objectValue ?? [:]
        subject["encodedList"] = .string(try StatusBitstring().encodedList())
        forged["credentialSubject"] = .object(subject)
        try write(.object(forged), "forged.json")
        let refused = try await verify(["--status-list", "\(Self.listURL)=\(path("forged.json"))"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("the list's proof does not verify"), "\(refused.stderr)")

        let expired = try await verify(["--status-list", "\(Self.listURL)=\(path("expired.signed.json"))"])
        #expect(expired.status != 0)
        #expect(expired.stderr.contains("the list is expired (validUntil 2026-02-01T00:00:00Z)"), "\(expired.stderr)")

        let unchecked = try await verify([])
        #expect(unchecked.status == 0)
        #expect(unchecked.stdout.contains("status not checked: no status list given for \(Self.listURL)#1234"), "\(unchecked.stdout)")
    }
}
