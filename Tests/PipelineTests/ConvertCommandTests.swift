import Credentials
import Foundation
import JSONCanonical
import LinkedData
import LinkedDataSuites
import Mapping
import Pipeline
import Testing
import TestSupport

/// `certbridge convert` as a user runs it: the built binary, real files, exit status, stdout and stderr.
@Suite("convert command end to end")
struct ConvertCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built `certbridge` beside the test bundle (swift test builds it with the tests).
    func run(_ arguments: [String], stdin: Data? = nil) async throws -> Run {
        let run = try await BuiltExecutable.run("certbridge", arguments: arguments, in: SharedVectors.packageRoot, stdin: stdin)
        return Run(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    func temporaryKey(_ type: KeyType = .ed25519) throws -> (path: String, key: SigningKey) {
        let key = SigningKey.generate(type)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-test-\(UUID().uuidString).jwk").path
        try key.save(to: path)
        return (path, key)
    }

    /// Every suite, with the bundled contexts and the shipped profiles' own (certbridge-v1).
    static let registry = CryptosuiteRegistry.standard.registeringLinkedDataSuites(processor: JSONLDProcessor(options: .init(
        contexts: ContextStore.bundled.adding(ContextCatalog(directory: SharedVectors.repositoryFile("mappings/contexts"))))))

    /// A copy of the shipped mappings folder to break on purpose; the caller removes it.
    func temporaryMappingsCopy() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-mappings-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: SharedVectors.repositoryFile("mappings"), to: copy)
        return copy
    }

    func verifyAll(_ ndjson: String) throws -> Int {
        let verifier = DataIntegrityVerifier(resolver: try DIDResolver(), registry: Self.registry)
        var count = 0
        for line in ndjson.split(separator: "\n") {
            _ = try verifier.verify(try JSONValue(parsing: String(line)))
            count += 1
        }
        return count
    }

    @Test("the bundled NDJSON examples convert into VCs that verify, one a line")
    func ndjsonExamples() async throws {
        let (keyPath, key) = try temporaryKey()
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        let result = try await run(["convert", "Examples/certifier-credentials.ndjson", "--profiles", "mappings", "--key", keyPath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try verifyAll(result.stdout) == 4)
        #expect(result.stdout.contains(key.didKey))
        #expect(result.stderr.contains("4 credential(s): converted 4, no profile matched 0, failed 0"))
    }

    @Test("the README job: convert the examples to a file, then certbridge verify accepts every VC")
    func readmeJob() async throws {
        let (keyPath, _) = try temporaryKey()
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-vcs-\(UUID().uuidString).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let convert = try await run(["convert", "Examples/certifier-credentials.ndjson", "--profiles", "mappings", "--key", keyPath, "--out", output])
        #expect(convert.status == 0, "\(convert.stderr)")
        let verify = try await run(["verify", output, "--contexts", "mappings"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect((verify.stdout + verify.stderr).contains("4 verified, 0 failed"))
        // The TSG profile signs over certbridge-v1.jsonld, which only the profiles' folder holds.
        let withoutContexts = try await run(["verify", output])
        #expect(withoutContexts.status == 1)
        #expect(withoutContexts.stdout.contains("certbridge-v1.jsonld is not in the offline context store"))
    }

    @Test("a single credential gives one pretty JSON document; a list page gives NDJSON")
    func shapes() async throws {
        let (keyPath, _) = try temporaryKey(.p256)
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        // The Open Badge profile wants eddsa-rdfc-2022, which a P-256 key cannot make: refused up front.
        let refused = try await run(["convert", "Examples/certifier-credential.json", "--key", keyPath])
        #expect(refused.status != 0)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("profile 'open-badge-achievement' (mappings/open-badge-achievement.yaml:"))
        #expect(refused.stderr.contains("chooses cryptosuite 'eddsa-rdfc-2022', which cannot sign with the configured P-256 key"))
        let single = try await run([
            "convert", "Examples/certifier-credential.json", "--key", keyPath, "--suite", "JsonWebSignature2020",
            "--issuer", "did:web:certbridge.example.org", "--verification-method", "did:web:certbridge.example.org#key-1",
        ])
        #expect(single.status == 0, "\(single.stderr)")
        let document = try JSONValue(parsing: single.stdout)
        #expect(document["issuer"] == "did:web:certbridge.example.org")
        #expect(document["proof"]?[0]?["type"] == "JsonWebSignature2020")
        let jws = try #require(document["proof"]?[0]?["jws"]?.stringValue)
        let header = try JSONValue(parsing: try Base64URL.decode(String(jws.prefix { $0 != "." })))
        #expect(header["alg"] == "ES256")
        #expect(single.stdout.hasPrefix("{\n"))
        // --suite overrides every profile.
        let page = try await run(["convert", "Examples/certifier-list-page.json", "--key", keyPath, "--suite", "ecdsa-rdfc-2019"])
        #expect(page.status == 0, "\(page.stderr)")
        #expect(try verifyAll(page.stdout) == 3)
        #expect(page.stdout.split(separator: "\n").allSatisfy { $0.contains(#""cryptosuite":"ecdsa-rdfc-2019""#) })
    }

    @Test("standard input, --no-sign, and the create-credential response shape")
    func stdinUnsigned() async throws {
        let credential = try Data(contentsOf: SharedVectors.repositoryFile("Examples/certifier-credential.json"))
        let wrapped = Data("{\"data\":".utf8) + credential + Data("}".utf8)
        let result = try await run(["convert", "-", "--no-sign", "--issuer", "did:web:certbridge.example.org"], stdin: wrapped)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONValue(parsing: result.stdout)
        let golden = try JSONValue(parsing: Array(try Data(contentsOf: SharedVectors.repositoryFile("mappings/fixtures/tsg-lookup-holder-no-expiry/expected.json"))))
        #expect(document == golden)
        #expect(document["proof"] == nil)
    }

    @Test("NDJSON with CRLF line ends and blank lines, and a plain JSON array, are detected")
    func inputShapes() async throws {
        let lines = try String(contentsOf: SharedVectors.repositoryFile("Examples/certifier-credentials.ndjson"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let crlf = "\r\n" + lines.joined(separator: "\r\n\r\n") + "\r\n"
        let ndjson = try await run(["convert", "-", "--no-sign", "--issuer", "did:web:x"], stdin: Data(crlf.utf8))
        #expect(ndjson.status == 0, "\(ndjson.stderr)")
        #expect(ndjson.stdout.split(separator: "\n").count == 4)
        let array = "[\n" + lines.joined(separator: ",\n") + "\n]\n"
        let list = try await run(["convert", "-", "--no-sign", "--issuer", "did:web:x"], stdin: Data(array.utf8))
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == 4)
        let garbage = try await run(["convert", "-", "--no-sign", "--issuer", "did:web:x"], stdin: Data("{\"id\": \n oops".utf8))
        #expect(garbage.status == 1)
        #expect(garbage.stderr.contains("input is neither JSON nor NDJSON"))
    }

    @Test("NDJSON over several of the reader's 64 KiB chunks: each line converts once, in order, wherever a chunk ends")
    func linesAcrossChunks() async throws {
        let examples = "Examples/certifier-credentials.ndjson"
        let lines = try String(contentsOf: SharedVectors.repositoryFile(examples), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        // Each example's VC id (deterministic: derived from the credential's id), from a run of the file itself.
        let single = try await run(["convert", examples, "--no-sign", "--issuer", "did:web:x"])
        let exampleIDs = try single.stdout.split(separator: "\n").map { try JSONValue(parsing: String($0))["id"]?.stringValue ?? "" }
        #expect(exampleIDs.count == lines.count, "\(single.stderr)")
        // About 270 KB: four chunks, so lines are split at three chunk ends. Every third line ends
        // in CRLF, a blank line and an unreadable one sit in the middle, the last line has no newline.
        var text = ""
        for index in 0..<400 {
            text += lines[index % lines.count] + (index % 3 == 0 ? "\r\n" : "\n")
            if index == 200 { text += "\n{not json\n" }
        }
        text.removeLast()  // the last line (index 399, not a CRLF line) without its newline
        let result = try await run(["convert", "-", "--no-sign", "--issuer", "did:web:x"], stdin: Data(text.utf8))
        let written = try result.stdout.split(separator: "\n").map { try JSONValue(parsing: String($0))["id"]?.stringValue ?? "" }
        #expect(written.count == 400, "\(result.stderr)")
        let expected = (0..<400).map { exampleIDs[$0 % exampleIDs.count] }
        let firstMismatch = zip(written, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstMismatch == nil, "the VC for input credential \((firstMismatch ?? 0) + 1) is another one")
        // Line 203: 201 credentials, the blank line, then the unreadable one.
        #expect(result.stderr.contains("line 203: failed: not JSON"), "\(result.stderr)")
        #expect(result.stderr.contains("converted 400"))
    }

    @Test("a bad record fails alone: the rest converts, the summary names reasons, the exit status is non-zero")
    func mixedBatch() async throws {
        let (keyPath, _) = try temporaryKey()
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        let fixtures = SharedVectors.repositoryFile("mappings/fixtures")
        var lines: [String] = []
        for name in ["tsg-lookup-holder-no-expiry", "tsg-draft-not-matched", "v2-missing-recipient-id", "ob3-achievement"] {
            let value = try JSONValue(parsing: Array(try Data(contentsOf: fixtures.appendingPathComponent("\(name)/input.json"))))
            lines.append(value.compactString)
        }
        lines.insert("{not json", at: 2)
        let result = try await run(["convert", "-", "--key", keyPath], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(result.status == 1)
        #expect(try verifyAll(result.stdout) == 2)
        #expect(result.stderr.contains("line 2 (01hz5p9q4st6u7v8w9x0y1z2ad): no profile matched"))
        #expect(result.stderr.contains("line 3: failed: not JSON"))
        #expect(result.stderr.contains("line 4 (01hz8s2t7vw9x0y1z2a3b4c5dg): failed: profile 'course-certificate-v2' rule credentialSubject.id"))
        #expect(result.stderr.contains("converted 2, no profile matched 1, failed 2"))
        #expect(result.stderr.contains("failed, profile 'course-certificate-v2' rule credentialSubject.id: 1"))
        #expect(result.stderr.contains("failed, unreadable input: 1"))
        #expect(!result.stderr.contains("\"d\""), "private key material must never be printed")
    }

    @Test("broken profiles stop convert before any credential, with every error's position")
    func brokenProfiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-profiles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "name: x\nvc: \"3.0\"\ncredentialSubject:\n  a: '{{ nope(id) }}'\n".write(to: directory.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
        let result = try await run(["convert", "Examples/certifier-credential.json", "--profiles", directory.path, "--no-sign", "--issuer", "did:web:x"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("x.yaml:2:5: error: bad value"))
        #expect(result.stderr.contains("x.yaml:4:10: error: unknown function: unknown function 'nope'"))
        let lint = try await run(["profiles", "lint", directory.path])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("x.yaml:4:10: error: unknown function"))
    }

    @Test("profiles test fails with a readable diff when a golden file differs")
    func profilesTestDiff() async throws {
        let copy = try temporaryMappingsCopy()
        defer { try? FileManager.default.removeItem(at: copy) }
        let golden = copy.appendingPathComponent("fixtures/v2-expired-holder-template/expected.json")
        let text = try String(contentsOf: golden, encoding: .utf8)
        try text.replacingOccurrences(of: "Øystein Bråten", with: "Oystein Braten").write(to: golden, atomically: true, encoding: .utf8)
        let result = try await run(["profiles", "test", copy.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL v2-expired-holder-template"))
        #expect(result.stdout.contains(#"-     "mentor": "Oystein Braten","#))
        #expect(result.stdout.contains(#"+     "mentor": "Øystein Bråten","#))
        #expect(result.stdout.contains("10 passed, 1 failed"))
    }

    @Test("profiles lint and profiles test pass on the shipped profiles")
    func profilesCommands() async throws {
        let lint = try await run(["profiles", "lint", "mappings"])
        #expect(lint.status == 0, "\(lint.stdout)")
        #expect(lint.stdout.contains("3 profile(s) OK, 0 warning(s)"))
        let test = try await run(["profiles", "test", "mappings"])
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stdout.contains("11 passed, 0 failed"))
    }

    @Test("profiles lint: a target no destination kind takes is an error at its line and column")
    func unknownTarget() async throws {
        let copy = try temporaryMappingsCopy()
        defer { try? FileManager.default.removeItem(at: copy) }
        let profile = copy.appendingPathComponent("open-badge-achievement.yaml")
        let text = try String(contentsOf: profile, encoding: .utf8)
        #expect(text.contains("target: generic"))
        try text.replacingOccurrences(of: "target: generic", with: "target: dcp-holder").write(to: profile, atomically: true, encoding: .utf8)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("target:") }) + 1
        let lint = try await run(["profiles", "lint", copy.path])
        #expect(lint.status == 1, "\(lint.stdout)")
        #expect(lint.stdout.contains("open-badge-achievement.yaml:\(line):9: error: bad value: profile 'open-badge-achievement': "
            + "target 'dcp-holder' names no destination kind; known: dcp, file, generic, oid4vci, tsg-wallet"), "\(lint.stdout)")
    }
}
