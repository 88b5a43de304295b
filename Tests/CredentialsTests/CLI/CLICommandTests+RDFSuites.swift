import Foundation
import Testing
import TestSupport

/// The RDF-canonicalised suites through the command line (`--suite`, `--context`).
extension CLICommandTests {
    @Test("sign --suite with the RDF suites, verify, tamper, verify fails", arguments: [
        ("ed25519", "eddsa-rdfc-2022"), ("p256", "ecdsa-rdfc-2019"), ("p384", "ecdsa-rdfc-2019"),
        ("ed25519", "JsonWebSignature2020"), ("p256", "JsonWebSignature2020"), ("p384", "JsonWebSignature2020"),
    ])
    func rdfSuiteRoundTrip(type: String, suite: String) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unsigned = SharedVectors.url("eddsa-rdfc-2022/unsigned.json").path
        #expect(try await run(["keys", "generate", "--type", type, "--out", "key.jwk"], in: folder).status == 0)

        let signed = try await run(["sign", unsigned, "--key", "key.jwk", "--suite", suite], in: folder)
        #expect(signed.status == 0, "\(signed.error)")
        #expect(signed.output.contains(suite == "JsonWebSignature2020" ? "\"jws\"" : "\"cryptosuite\": \"\(suite)\""))
        try Data(signed.output.utf8).write(to: folder.appendingPathComponent("signed.json"))
        let tampered = signed.output.replacingOccurrences(of: "The School of Examples", with: "The School of Forgery")
        #expect(tampered != signed.output)
        try Data(tampered.utf8).write(to: folder.appendingPathComponent("tampered.json"))

        let verified = try await run(["verify", "signed.json", "tampered.json"], in: folder)
        #expect(verified.status == 1)
        #expect(verified.output.contains("verified signed.json"))
        #expect(verified.output.contains("FAILED   tampered.json"))
        #expect(verified.output.hasSuffix("1 verified, 1 failed\n"))
    }

    @Test("RDF suites refuse undefined terms; --context adds an operator's context file")
    func rdfSuiteContexts() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await run(["keys", "generate", "--out", "key.jwk"], in: folder).status == 0)
        let credential = #"""
            {"@context": ["https://www.w3.org/ns/credentials/v2", "https://contexts.example.org/certifier/v1"],
             "type": ["VerifiableCredential"], "issuer": "did:example:issuer",
             "credentialSubject": {"id": "did:example:holder", "grade": "Distinction"}}
            """#
        try Data(credential.utf8).write(to: folder.appendingPathComponent("credential.json"))

        let unknown = try await run(["sign", "credential.json", "--key", "key.jwk", "--suite", "eddsa-rdfc-2022"], in: folder)
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("https://contexts.example.org/certifier/v1"))

        try Data(#"{"@context": {"name": "https://schema.org/name"}}"#.utf8).write(to: folder.appendingPathComponent("ctx.json"))
        let context = "--context=https://contexts.example.org/certifier/v1=ctx.json"
        let undefined = try await run(["sign", "credential.json", "--key", "key.jwk", "--suite", "eddsa-rdfc-2022", context], in: folder)
        #expect(undefined.status != 0)
        #expect(undefined.error.contains("\"grade\" at $.credentialSubject.grade"))

        try Data(#"{"@context": {"grade": "https://schema.org/grade"}}"#.utf8).write(to: folder.appendingPathComponent("ctx.json"))
        let signed = try await run(["sign", "credential.json", "--key", "key.jwk", "--suite", "eddsa-rdfc-2022", context], in: folder)
        #expect(signed.status == 0, "\(signed.error)")
        try Data(signed.output.utf8).write(to: folder.appendingPathComponent("signed.json"))
        #expect(try await run(["verify", "signed.json", context], in: folder).status == 0)
        #expect(try await run(["verify", "signed.json"], in: folder).status == 1)
    }

    @Test("verify accepts the published W3C RDFC-signed credentials")
    func publishedRDFCVectors() async throws {
        let files = [
            "eddsa-rdfc-2022/signedDataInt.json", "ecdsa-rdfc-2019/p256/signedECDSAP256.json",
            "ecdsa-rdfc-2019/p384/signedECDSAP384.json", "eddsa-rdfc-2022/proof-set-chain/signedProofChain2.json",
        ].map { SharedVectors.url($0).path }
        let verified = try await run(["verify"] + files, in: FileManager.default.temporaryDirectory)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.hasSuffix("4 verified, 0 failed\n"))
    }
}
