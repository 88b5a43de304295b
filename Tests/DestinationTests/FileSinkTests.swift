import Destination
import FileSink
import Foundation
import JSONCanonical
import Outbox
import Testing

@Suite("FileSink: one file per VC id, written once and atomically")
final class FileSinkTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("filesink-\(UUID().uuidString)")

    /// Each test's files go with it (Swift Testing makes one instance per test).
    deinit { try? FileManager.default.removeItem(at: directory) }

    func vc(_ id: String, subject: String = "did:example:holder") -> JSONValue {
        ["@context": ["https://www.w3.org/ns/credentials/v2"], "id": .string(id), "type": ["VerifiableCredential"],
         "credentialSubject": ["id": .string(subject)]]
    }

    @Test("a VC becomes <id>.json in the directory (created), with the VC's bytes; no temporary file stays")
    func writes() async throws {
        let sink = FileSink(directory: directory.appendingPathComponent("nested"))
        let outcome = await sink.deliver(vc("https://certbridge.example.org/credentials/1"), profile: "p")
        let name = "https%3A%2F%2Fcertbridge.example.org%2Fcredentials%2F1.json"
        #expect(outcome == .delivered(receipt: name))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("nested").path)
        #expect(files == [name])
        let written = try JSONValue(parsing: Array(Data(contentsOf: directory.appendingPathComponent("nested/\(name)"))))
        #expect(written == vc("https://certbridge.example.org/credentials/1"))
    }

    @Test("the same id again is already present, and the first file is kept (as a wallet's 409)")
    func once() async throws {
        let sink = FileSink(directory: directory)
        #expect(await sink.deliver(vc("urn:uuid:1"), profile: "p") == .delivered(receipt: "urn%3Auuid%3A1.json"))
        #expect(await sink.deliver(vc("urn:uuid:1", subject: "did:example:other"), profile: "p") == .alreadyPresent)
        let kept = try JSONValue(parsing: Array(Data(contentsOf: directory.appendingPathComponent("urn%3Auuid%3A1.json"))))
        #expect(kept["credentialSubject"]?["id"] == "did:example:holder")
    }

    @Test("file names are one to one: '%', leading dots and '/' are escaped; long ids are named by their hash")
    func names() {
        #expect(FileSink.fileName(forCredentialId: "a%2Fb") == "a%252Fb.json")
        #expect(FileSink.fileName(forCredentialId: "a/b") == "a%2Fb.json")
        #expect(FileSink.fileName(forCredentialId: "..") == "%2E..json")
        #expect(FileSink.fileName(forCredentialId: "did:key:z6Mk#1") == "did%3Akey%3Az6Mk%231.json")
        let long = FileSink.fileName(forCredentialId: String(repeating: "x", count: 300))
        #expect(long.hasPrefix("sha256-") && long.hasSuffix(".json") && long.utf8.count == 7 + 64 + 5)
    }

    @Test("a VC without id is rejected; a directory that cannot be written is dead, not retried")
    func refusals() async throws {
        #expect(await FileSink(directory: directory).deliver(["type": ["VerifiableCredential"]], profile: "p")
            == .rejected(reason: "the VC has no 'id', which names its file"))
        let blocked = directory.appendingPathComponent("a-file")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: blocked)
        let outcome = await FileSink(directory: blocked).deliver(vc("urn:uuid:2"), profile: "p")
        guard case .rejected(let reason) = outcome else {
            Issue.record("expected rejected, got \(outcome)")
            return
        }
        #expect(reason.contains(blocked.path), "\(reason)")
    }
}
