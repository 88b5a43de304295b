import Foundation
import Testing
import TestSupport

/// The release binary (`swift build -c release --static-swift-stdlib`) copied alone into an empty
/// directory signs and verifies with an RDF suite (bundled JSON-LD contexts) and converts with a
/// profile: it needs nothing from beside it (docs/DEPLOY.md).
///
/// `CERTBRIDGE_RELOCATABLE_BINARY` names the binary; without it the test is skipped with a printed
/// reason, unless `CERTBRIDGE_REQUIRE_RELOCATABLE_BINARY` is set, which turns the absence into a failure.
@Suite("one relocatable binary")
struct RelocatableBinaryTests {
    @Test("the binary alone in an empty directory: sign and verify with eddsa-rdfc-2022, convert with a profile")
    func runsAlone() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let source = environment["CERTBRIDGE_RELOCATABLE_BINARY"], !source.isEmpty else {
            if environment["CERTBRIDGE_REQUIRE_RELOCATABLE_BINARY"] != nil {
                Issue.record("CERTBRIDGE_REQUIRE_RELOCATABLE_BINARY is set but CERTBRIDGE_RELOCATABLE_BINARY is not")
            } else {
                print("skipped: set CERTBRIDGE_RELOCATABLE_BINARY to a release certbridge (swift build -c release --static-swift-stdlib)")
            }
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = folder.appendingPathComponent("certbridge")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: source), to: binary)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["certbridge"])
        // The inputs, copied in as an operator would; nothing of the source tree is reachable.
        try FileManager.default.copyItem(at: SharedVectors.url("eddsa-rdfc-2022/unsigned.json"), to: folder.appendingPathComponent("unsigned.json"))
        try FileManager.default.copyItem(at: SharedVectors.repositoryFile("mappings"), to: folder.appendingPathComponent("mappings"))
        try FileManager.default.copyItem(
            at: SharedVectors.repositoryFile("Examples/certifier-credential.json"), to: folder.appendingPathComponent("certifier.json"))
        let bare = ["PATH": "/usr/bin:/bin", "HOME": folder.path]
        func run(_ arguments: [String]) async throws -> CommandRun {
            try await BuiltExecutable.run(executable: binary, arguments: arguments, in: folder, environment: bare)
        }

        #expect(try await run(["keys", "generate", "--type", "ed25519", "--out", "key.jwk"]).status == 0)
        let signed = try await run(["sign", "unsigned.json", "--key", "key.jwk", "--suite", "eddsa-rdfc-2022"])
        #expect(signed.status == 0, "\(signed.stderr)")
        try Data(signed.stdout.utf8).write(to: folder.appendingPathComponent("signed.json"))
        let verified = try await run(["verify", "signed.json"])
        #expect(verified.status == 0 && verified.output.contains("verified signed.json"), "\(verified.output)")

        let converted = try await run(["convert", "certifier.json", "--profiles", "mappings", "--key", "key.jwk"])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stdout.contains("\"proof\""))

        // A container's start: no configuration file, every key from CERTBRIDGE_* (a secret from a
        // mounted file), checked by `config check`, which names the sources and never a value.
        try Data("whsec-from-a-mounted-file\n".utf8).write(to: folder.appendingPathComponent("webhook-secret"))
        var container = bare
        container["CERTBRIDGE_CERTIFIER_BASE_URL"] = "https://api.certifier.io"
        container["CERTBRIDGE_CERTIFIER_API_TOKEN"] = "token-from-the-environment"
        container["CERTBRIDGE_CERTIFIER_WEBHOOK_SECRET_FILE"] = folder.appendingPathComponent("webhook-secret").path
        container["CERTBRIDGE_PROFILES"] = "mappings"
        container["CERTBRIDGE_SIGNING_KEY"] = "key.jwk"
        container["CERTBRIDGE_SIGNING_ISSUER"] = "did:web:certbridge.example.org"
        container["CERTBRIDGE_DESTINATIONS_FILE_DIRECTORY"] = "."
        container["CERTBRIDGE_STORE_SQLITE"] = "outbox.sqlite"
        let checked = try await BuiltExecutable.run(executable: binary, arguments: ["config", "check"], in: folder, environment: container)
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.stdout.contains("env CERTBRIDGE_CERTIFIER_WEBHOOK_SECRET_FILE ("), "\(checked.output)")
        #expect(!checked.output.contains("token-from-the-environment") && !checked.output.contains("whsec-from"))
    }

    @Test("the binary links no Swift runtime or Foundation dynamically (--static-swift-stdlib)")
    func staticSwiftRuntime() async throws {
        guard let source = ProcessInfo.processInfo.environment["CERTBRIDGE_RELOCATABLE_BINARY"], !source.isEmpty else {
            // runsAlone reports the missing variable (or fails on it when it is required).
            return
        }
        let linked = try await BuiltExecutable.run(executable: URL(fileURLWithPath: "/usr/bin/ldd"), arguments: [source])
        #expect(linked.status == 0, "\(linked.output)")
        let swiftLibraries = linked.stdout.split(separator: "\n").filter { $0.contains("libswift") || $0.contains("libFoundation") || $0.contains("libdispatch") }
        #expect(swiftLibraries.isEmpty, "linked dynamically: \(swiftLibraries.joined(separator: "; "))")
    }
}
