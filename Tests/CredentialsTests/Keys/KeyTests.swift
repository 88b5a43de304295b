import Credentials
import Foundation
import JSONCanonical
import Testing

@Suite("keys and JWK")
struct KeyTests {
    @Test("a generated key round-trips through its private JWK", arguments: KeyType.curveTypes)
    func jwkRoundTrip(type: KeyType) throws {
        let key = SigningKey.generate(type)
        let jwk = key.exportPrivateJWK()
        #expect(jwk.keyType == type.jwkKeyType && jwk.curve == type.curve && jwk.algorithm == type.algorithm)
        #expect((jwk.y == nil) == (type == .ed25519))
        let reloaded = try SigningKey(jwk: try JWK(parsing: jwk.json.compactString))
        #expect(reloaded.publicKey == key.publicKey)
        let message = Array("certbridge".utf8)
        let signature = try reloaded.sign(message)
        #expect(signature.count == type.signatureLength)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
        #expect(try PublicKey(jwk: key.publicJWK) == key.publicKey)
        #expect(try PublicKey(multikey: key.publicKey.multikey) == key.publicKey)
    }

    @Test("private material never shows in descriptions, dumps or errors")
    func redaction() throws {
        let key = SigningKey.generate(.ed25519)
        let jwk = key.exportPrivateJWK()
        let secret = try #require(jwk.d)
        var dumped = ""
        dump(key, to: &dumped)
        dump(jwk, to: &dumped)
        let shown = [key.description, key.debugDescription, "\(key)", "\([key])", jwk.description, "\(jwk)", "\([jwk])", dumped]
        for text in shown { #expect(!text.contains(secret)) }
        #expect(jwk.description.contains("<redacted>"))
        var mismatched = jwk
        mismatched.x = SigningKey.generate(.ed25519).publicJWK.x
        do {
            _ = try SigningKey(jwk: mismatched)
            Issue.record("a JWK whose x does not match d must be refused")
        } catch {
            #expect(error == .publicKeyMismatch)
            #expect(!error.description.contains(secret))
        }
        var broken = jwk
        broken.d = secret + "!"
        do {
            _ = try SigningKey(jwk: broken)
            Issue.record("a malformed d must be refused")
        } catch {
            #expect(!error.description.contains(secret))
            #expect(error.description.contains("'d'"))
        }
    }

    @Test("JWK problems are named by member")
    func jwkErrors() throws {
        #expect(throws: KeyError.missingMember("kty")) { try JWK(parsing: #"{"crv":"Ed25519"}"#) }
        #expect(throws: KeyError.unsupportedCurve("secp256k1")) {
            try SigningKey(jwk: JWK(keyType: "EC", curve: "secp256k1", x: "AA", d: "AA"))
        }
        #expect(throws: KeyError.invalidMember("kty", reason: "'EC' does not fit curve Ed25519 (expected 'OKP')")) {
            try PublicKey(jwk: JWK(keyType: "EC", curve: "Ed25519", x: "AA"))
        }
        #expect(throws: KeyError.invalidMember("alg", reason: "'ES256' does not fit curve P-384 (expected 'ES384')")) {
            try PublicKey(jwk: JWK(keyType: "EC", curve: "P-384", x: "AA", algorithm: "ES256"))
        }
        #expect(throws: KeyError.invalidMember("x", reason: "expected 32 bytes, found 1")) {
            try PublicKey(jwk: JWK(keyType: "OKP", curve: "Ed25519", x: "AA"))
        }
        #expect(throws: KeyError.missingMember("y")) {
            try PublicKey(jwk: SigningKey.generate(.p256).publicJWK.with { $0.y = nil })
        }
        #expect(throws: KeyError.invalidKeyMaterial(what: "public key", curve: "P-256")) {
            try PublicKey(type: .p256, bytes: [0x02] + [UInt8](repeating: 0xff, count: 32))
        }
    }

    @Test("multikeys of the wrong family, codec or length are refused")
    func multikeyErrors() throws {
        let key = SigningKey.generate(.ed25519)
        let secret = Multibase.encodeBase58BTC(Multicodec.ed25519Private.framing([UInt8](repeating: 7, count: 32)))
        #expect(throws: KeyError.unsupportedMulticodec("ed25519-priv")) { try PublicKey(multikey: secret) }
        #expect(throws: KeyError.unsupportedMulticodec("ed25519-pub")) { try SigningKey(multikeySecret: key.publicKey.multikey) }
        let unknownCodec: [UInt8] = [0xb4, 0x24, 1, 2]  // varint of 0x1234, which names no key type
        #expect(throws: KeyError.unsupportedMulticodec("0x1234")) {
            try PublicKey(multikey: Multibase.encodeBase58BTC(unknownCodec))
        }
        #expect(throws: KeyError.wrongLength(what: "p256-pub key", expected: 33, found: 32)) {
            try PublicKey(multikey: Multibase.encodeBase58BTC(Multicodec.p256Public.framing([UInt8](repeating: 2, count: 32))))
        }
        #expect(throws: KeyError.encoding(what: "publicKeyMultibase", .unsupportedMultibasePrefix("m"))) { try PublicKey(multikey: "mAAAA") }
    }

    @Test("saved keys are mode 0600, reload, and are not overwritten without permission")
    func fileStorage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("issuer.jwk").path
        let key = SigningKey.generate(.p256)
        try key.save(to: path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        #expect(try SigningKey.load(from: path).publicKey == key.publicKey)
        let other = SigningKey.generate(.ed25519)
        #expect(throws: KeyError.fileExists(path: path)) { try other.save(to: path) }
        #expect(try SigningKey.load(from: path).publicKey == key.publicKey)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try other.save(to: path, overwrite: true)
        let replacedMode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(replacedMode & 0o777 == 0o600)
        #expect(try SigningKey.load(from: path).publicKey == other.publicKey)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["issuer.jwk"])
    }

    @Test("loading a missing or broken key file names the file")
    func loadErrors() throws {
        do {
            _ = try SigningKey.load(from: "/nonexistent/key.jwk")
            Issue.record("a missing file must fail")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/key.jwk: cannot read the key file"))
        }
    }
}

extension JWK {
    /// A modified copy, for building broken keys in tests.
    func with(_ change: (inout JWK) -> Void) -> JWK {
        var copy = self
        change(&copy)
        return copy
    }
}
