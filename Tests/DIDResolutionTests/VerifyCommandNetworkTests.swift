import Credentials
import Foundation
import JSONCanonical
import StatusList
import Testing
import TestSupport

/// `certbridge verify` (the built binary) resolving a did:web issuer over HTTPS on loopback itself.
@Suite("certbridge verify resolves did:web issuers", .serialized)
struct VerifyCommandNetworkTests {
    func verify(_ arguments: [String], in folder: URL) async throws -> CommandRun {
        try await BuiltExecutable.start("certbridge", arguments: ["verify"] + arguments, in: folder).finished(timeout: .seconds(60))
    }

    @Test func verifiesOverHTTPSAndExplainsRefusals() async throws {
        let server = try await DIDWebTestServer.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let issuer = server.rootDID
        let credential: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": .string(issuer),
            "credentialSubject": ["name": "Ana"],
        ]
        let signer = try DataIntegritySigner(key: server.key, verificationMethod: issuer + "#key-1")
        let signed = try signer.sign(credential, created: Date(timeIntervalSince1970: 1_700_000_000))
        try Data(signed.prettyString.utf8).write(to: folder.appendingPathComponent("signed.json"))
        let trust = ["--trust-root", server.authority.caPath]
        let allow = ["--allow-network", "127.0.0.0/8", "--allow-network", "::1/128"]

        let verified = try await verify(["signed.json"] + trust + allow, in: folder)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.stdout.hasSuffix("1 verified, 0 failed\n"))
        #expect(server.requests("/.well-known/did.json") == 1)

        // Loopback is refused by default, with the rule and the way out.
        let refused = try await verify(["signed.json"] + trust, in: folder)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("rule: loopback-address"), "\(refused.output)")
        #expect(refused.stdout.contains("--allow-network"))

        // Without the test CA the certificate is not trusted.
        let untrusted = try await verify(["signed.json"] + allow, in: folder)
        #expect(untrusted.status == 1)
        #expect(untrusted.stdout.contains("rule: tls-trust"), "\(untrusted.output)")

        // --offline fetches nothing; --did-doc still works offline and wins.
        let before = server.requests("/.well-known/did.json")
        let offline = try await verify(["signed.json", "--offline"] + trust + allow, in: folder)
        #expect(offline.status == 1)
        #expect(offline.stdout.contains("--did-doc"))
        let document = try DIDWeb(parsing: issuer).document(for: server.key.publicKey)
        try Data(document.prettyString.utf8).write(to: folder.appendingPathComponent("did.json"))
        let supplied = try await verify(["signed.json", "--did-doc", "did.json"] + trust + allow, in: folder)
        #expect(supplied.status == 0, "\(supplied.output)")
        let suppliedOffline = try await verify(["signed.json", "--did-doc", "did.json", "--offline"], in: folder)
        #expect(suppliedOffline.status == 0, "\(suppliedOffline.output)")
        #expect(server.requests("/.well-known/did.json") == before)

        // A did:jwk issuer resolves from the DID itself, offline.
        let jwkKey = SigningKey.generate(.p256)
        let jwkDID = jwkKey.publicKey.didJWK
        var jwkCredential = credential
        jwkCredential["issuer"] = .string(jwkDID)
        let jwkSigned = try DataIntegritySigner(key: jwkKey, verificationMethod: jwkDID + "#0", cryptosuite: "ecdsa-jcs-2019")
            .sign(jwkCredential, created: Date(timeIntervalSince1970: 1_700_000_000))
        try Data(jwkSigned.prettyString.utf8).write(to: folder.appendingPathComponent("jwk.json"))
        let jwkVerified = try await verify(["jwk.json", "--offline"], in: folder)
        #expect(jwkVerified.status == 0, "\(jwkVerified.output)")

        let badCIDR = try await verify(["signed.json", "--allow-network", "10.0.0.1/8"], in: folder)
        #expect(badCIDR.status != 0)
        #expect(badCIDR.stderr.contains("did you mean 10.0.0.0/8"), "\(badCIDR.output)")
        await server.stop()
    }

    @Test func aStatusListSignedByADIDWebIssuerIsFetchedToo() async throws {
        let server = try await DIDWebTestServer.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let listURL = "https://localhost:\(server.port)/status/1"
        // The credential names the did:web issuer (the status check wants the list's issuer) but its proof
        // is by a did:key, so only the list's proof needs the did:web document.
        let holderKey = SigningKey.generate(.ed25519)
        let entry = StatusListEntry(purpose: .revocation, index: 7, listCredential: listURL)
        let credential: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
            "issuer": .string(server.rootDID), "credentialSubject": ["name": "Ana"], "credentialStatus": entry.json,
        ]
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let signed = try DataIntegritySigner(key: holderKey, verificationMethod: holderKey.didKeyVerificationMethod).sign(credential, created: created)
        try Data(signed.compactString.utf8).write(to: folder.appendingPathComponent("vc.json"))
        let list = try StatusListCredential(id: listURL, purpose: .revocation, bitstring: try StatusBitstring())
            .unsigned(issuer: server.rootDID, validFrom: "2020-01-01T00:00:00Z", validUntil: "2099-01-01T00:00:00Z")
        let signedList = try DataIntegritySigner(key: server.key, verificationMethod: server.rootDID + "#key-1").sign(list, created: created)
        try Data(signedList.compactString.utf8).write(to: folder.appendingPathComponent("list.json"))

        let arguments = ["vc.json", "--status-list", "\(listURL)=list.json", "--trust-root", server.authority.caPath, "--allow-network", "127.0.0.0/8"]
        let verified = try await verify(arguments, in: folder)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.stdout.contains("status valid"), "\(verified.output)")
        #expect(server.requests("/.well-known/did.json") == 1)
        let offline = try await verify(arguments + ["--offline"], in: folder)
        #expect(offline.status != 0)
        await server.stop()
    }

    @Test("an RSA-signed VC (JsonWebSignature2020 PS256, and a PS256 VC-JWT) verifies with its did:web issuer resolved over https")
    func rsaIssuerOverHTTPS() async throws {
        let server = try await DIDWebTestServer.start(key: try SigningKey.generateRSA(bits: 2048))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.key.save(to: folder.appendingPathComponent("rsa.jwk").path)
        let issuer = server.rootDID
        var credential = try JSONValue(parsing: Array(Data(contentsOf: SharedVectors.repositoryFile("Examples/credential-v2.json"))))
        credential["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        credential["issuer"] = .string(issuer)
        try Data(credential.prettyString.utf8).write(to: folder.appendingPathComponent("credential.json"))
        let method = ["--key", "rsa.jwk", "--verification-method", issuer + "#key-1"]
        let signed = try await BuiltExecutable.start("certbridge", arguments: ["sign", "credential.json"] + method, in: folder)
            .finished(timeout: .seconds(60))
        #expect(signed.status == 0, "\(signed.output)")
        let proof = try JSONValue(parsing: signed.stdout)["proof"]
        let header = try #require(proof?["jws"]?.stringValue?.split(separator: ".").first)
        #expect(String(decoding: try Base64URL.decode(String(header)), as: UTF8.self).contains(#""alg":"PS256""#))
        try Data(signed.stdout.utf8).write(to: folder.appendingPathComponent("signed.json"))
        let jwt = try await BuiltExecutable.start("certbridge", arguments: ["sign", "credential.json", "--format", "jwt"] + method, in: folder)
            .finished(timeout: .seconds(60))
        #expect(jwt.status == 0, "\(jwt.output)")
        try Data(jwt.stdout.utf8).write(to: folder.appendingPathComponent("vc.jwt"))

        let network = ["--trust-root", server.authority.caPath, "--allow-network", "127.0.0.0/8"]
        let verified = try await verify(["signed.json", "vc.jwt"] + network, in: folder)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.stdout.contains("JsonWebSignature2020"), "\(verified.output)")
        #expect(verified.stdout.contains("vc+jwt 2.0 PS256"), "\(verified.output)")
        #expect(verified.stdout.hasSuffix("2 verified, 0 failed\n"))
        #expect(server.requests("/.well-known/did.json") >= 1)
        // Without the network, neither resolves.
        let offline = try await verify(["signed.json", "vc.jwt", "--offline"], in: folder)
        #expect(offline.stdout.contains("0 verified, 2 failed"), "\(offline.output)")
        await server.stop()
    }
}
