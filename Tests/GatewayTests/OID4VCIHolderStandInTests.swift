import Credentials
import Foundation
import JSONCanonical
import OID4VCIHolderStandIn
import Testing
import TestSupport

/// The OpenID4VCI holder stand-in's own pieces, without a gateway: its proofs (checked by joserfc,
/// an implementation neither side wrote), its did:key, and how it reads offer pages and offers.
@Suite("OpenID4VCI holder stand-in")
struct OID4VCIHolderStandInTests {
    /// Runs Testing/Scripts/jose_interop.py with one request; its answer, or its stderr as the failure.
    static func joserfc(_ request: JSONValue) async throws -> (ok: Bool, answer: JSONValue?, stderr: String) {
        let script = SharedVectors.repositoryFile("Testing/Scripts/jose_interop.py").path
        let run = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", script], stdin: Data(request.compactString.utf8))
        return (run.status == 0, try? JSONValue(parsing: run.stdout), run.stderr)
    }

    @Test("a proof: typ openid4vci-proof+jwt, EdDSA, kid = the holder's did:key method, aud, iat, nonce; joserfc verifies it with the did:key's key")
    func proof() async throws {
        let holder = OID4VCIHolder()
        #expect(holder.did.hasPrefix("did:key:z6Mk"))
        #expect(holder.keyID == holder.did + "#" + holder.did.dropFirst("did:key:".count))
        let proof = try await holder.proof(nonce: "n-123", audience: "http://127.0.0.1:8080")
        let decoded = try #require(OID4VCIHolder.decodeJWT(proof))
        #expect(decoded.header["typ"]?.stringValue == "openid4vci-proof+jwt")
        #expect(decoded.header["alg"]?.stringValue == "EdDSA")
        #expect(decoded.header["kid"]?.stringValue == holder.keyID)
        #expect(decoded.header["jwk"] == nil)
        #expect(decoded.payload["aud"]?.stringValue == "http://127.0.0.1:8080")
        #expect(decoded.payload["nonce"]?.stringValue == "n-123")
        #expect(decoded.payload["iss"] == nil)
        let iat = try #require(decoded.payload["iat"]?.numberValue)
        #expect(abs(iat - Date().timeIntervalSince1970) < 60)
        // The key the DID names (read back by the Credentials module) verifies it, and so does joserfc.
        let didKey = try DIDKey.publicKey(from: holder.did)
        #expect(OID4VCIHolder.verifyEdDSA(proof, publicKey: didKey.keyBytes))
        let jwk = JSONValue.object(JSONObject(holder.publicJWK.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        let checked = try await Self.joserfc(["op": "verify", "token": .string(proof), "jwk": jwk, "alg": "EdDSA"])
        #expect(checked.ok, "\(checked.stderr)")
        #expect(checked.answer?["claims"]?["nonce"]?.stringValue == "n-123")
    }

    @Test("the broken proofs: alg none with no signature, a foreign key's signature, a jwk header without kid")
    func brokenProofs() async throws {
        let holder = OID4VCIHolder()
        let key = try DIDKey.publicKey(from: holder.did).keyBytes
        let none = try await holder.proof(nonce: "n", audience: "a", alg: .none)
        #expect(none.hasSuffix("."))
        #expect(OID4VCIHolder.decodeJWT(none)?.header["alg"]?.stringValue == "none")
        #expect(OID4VCIHolder.decodeJWT(none)?.signature.isEmpty == true)
        let foreign = try await holder.proof(nonce: "n", audience: "a", alg: .edDSAWithForeignKey)
        #expect(OID4VCIHolder.decodeJWT(foreign)?.header["kid"]?.stringValue == holder.keyID)
        #expect(!OID4VCIHolder.verifyEdDSA(foreign, publicKey: key))
        let withJWK = try await holder.proof(nonce: "n", audience: "a", keyReference: .jwk)
        let header = try #require(OID4VCIHolder.decodeJWT(withJWK)?.header)
        #expect(header["kid"] == nil)
        #expect(header["jwk"]?["kty"]?.stringValue == "OKP")
        #expect(header["jwk"]?["crv"]?.stringValue == "Ed25519")
        #expect(header["jwk"]?["x"]?.stringValue.flatMap(OID4VCIHolder.base64URLDecode) == key)
        #expect(OID4VCIHolder.verifyEdDSA(withJWK, publicKey: key))
    }

    @Test("the offer link is found in an href with entities and percent-encoding; offers, forms and well-known URLs are read as the specification says")
    func offerReading() throws {
        let uri = "http://127.0.0.1:8080/offers/abc_12-3/credential-offer"
        let encoded = try #require(uri.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let html = """
            <!doctype html><html><body><a href="http://127.0.0.1:8080/other">x</a>
            <svg viewBox="0 0 10 10"></svg>
            <a class="wallet" href = 'openid-credential-offer://?credential_offer_uri=\(encoded)&amp;x=1'>Open in wallet</a>
            </body></html>
            """
        let link = try #require(OID4VCIHolder.offerLink(inHTML: html))
        #expect(link == "openid-credential-offer://?credential_offer_uri=\(encoded)&x=1")
        #expect(OID4VCIHolder.queryValue("credential_offer_uri", in: link) == uri)
        #expect(OID4VCIHolder.offerLink(inHTML: "<a href=\"https://example.org\">no offer</a>") == nil)

        let offer = try #require(
            OID4VCIHolder.Offer(
                try JSONValue(parsing: SharedVectors.text("oid4vci/examples/credential_offer_pre-authz_code.json"))))
        #expect(offer.credentialIssuer == "https://credential-issuer.example.com")
        #expect(offer.configurationIDs == ["UniversityDegreeCredential"])
        #expect(offer.preAuthorizedCode == "adhjhdjajkdkhjhdj")
        #expect(offer.txCode?["description"] != nil)
        #expect(OID4VCIHolder.Offer(["credential_issuer": "x"]) == nil)

        #expect(OID4VCIHolder.form([("pre-authorized_code", "a b+c/=&"), ("tx_code", "0123")]) == "pre-authorized_code=a%20b%2Bc%2F%3D%26&tx_code=0123")
        #expect(OID4VCIHolder.wellKnown("openid-credential-issuer", for: "http://127.0.0.1:8080") == "http://127.0.0.1:8080/.well-known/openid-credential-issuer")
        #expect(OID4VCIHolder.wellKnown("oauth-authorization-server", for: "https://issuer.example.com/tenant") == "https://issuer.example.com/.well-known/oauth-authorization-server/tenant")
        let body = OID4VCIHolder.specRequest(credentialIdentifier: "id-1", proofs: ["p"])
        #expect(body.compactString == #"{"credential_identifier":"id-1","proofs":{"jwt":["p"]}}"#)
        #expect(OID4VCIHolder.tsgRequest(credentialIdentifier: "id-1", proof: "p").compactString
            == #"{"credential_identifier":"id-1","proofs":[{"proof_type":"jwt","jwt":"p"}]}"#)
        #expect(OID4VCIHolder.tsgLegacyRequest(types: ["VerifiableCredential"], proof: "p").compactString
            == #"{"format":"jwt_vc_json","credential_definition":{"type":["VerifiableCredential"]},"proof":{"proof_type":"jwt","jwt":"p"}}"#)
    }
}
