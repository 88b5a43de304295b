import JSONCanonical
import Testing

@testable import OID4VCI

/// The three request shapes holders send, and what is refused.
@Suite struct CredentialRequestTests {
    func parse(_ text: String) throws(CredentialRequestError) -> CredentialRequest {
        try CredentialRequest(body: Array(text.utf8))
    }

    @Test func specificationShape() throws {
        let request = try parse(#"{"credential_identifier":"course.ldp_vc","proofs":{"jwt":["a.b.c"]}}"#)
        #expect(request.selector == .identifier("course.ldp_vc"))
        #expect(request.proof == "a.b.c")
        #expect(!request.legacy)
    }

    @Test func configurationIdentifier() throws {
        let request = try parse(#"{"credential_configuration_id":"course.jwt_vc_json","proofs":{"jwt":["x.y.z"]}}"#)
        #expect(request.selector == .configuration("course.jwt_vc_json"))
    }

    @Test func tsgArrayShape() throws {
        let request = try parse(#"{"credential_identifier":"course.ldp_vc","proofs":[{"proof_type":"jwt","jwt":"a.b.c"}]}"#)
        #expect(request.proof == "a.b.c")
        #expect(!request.legacy)
    }

    @Test func olderDraftShape() throws {
        let request = try parse(
            #"{"format":"jwt_vc_json","credential_definition":{"type":["VerifiableCredential"]},"proof":{"proof_type":"jwt","jwt":"a.b.c"}}"#)
        #expect(request.selector == .format("jwt_vc_json"))
        #expect(request.legacy)
    }

    @Test(arguments: [
        (#"{"proofs":{"jwt":["a.b.c"]}}"#, "credential_identifier"),
        (#"{"credential_identifier":"x","credential_configuration_id":"y","proofs":{"jwt":["a"]}}"#, "not both"),
        (#"{"credential_identifier":"x","proofs":{"jwt":["a","b"]}}"#, "exactly one proof"),
        (#"{"credential_identifier":"x","proofs":{"ldp_vp":["a"]}}"#, "jwt"),
        (#"{"credential_identifier":"x","proofs":[{"proof_type":"cwt","jwt":"a"}]}"#, "proof_type must be jwt"),
        (#"{"credential_identifier":"x","proofs":{"jwt":["a"]},"proof":{"proof_type":"jwt","jwt":"a"}}"#, "not both"),
        ("[1]", "JSON object"),
        ("{", "not JSON"),
    ])
    func refused(body: String, reason: String) {
        #expect(throws: CredentialRequestError.self) { try parse(body) }
        do {
            _ = try parse(body)
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test func missingProofIsItsOwnError() {
        #expect(throws: CredentialRequestError.missingProof) { try parse(#"{"credential_identifier":"x"}"#) }
    }
}
