import CredentialJWT
import Credentials
import Destination
import JSONCanonical
import Mapping
import Pipeline

/// Signs redeemed OpenID4VCI credentials: Data Integrity through the pipeline's own signers and
/// validator, VC-JWTs through the worker's enveloper, both with the issuer's key.
struct OfferSigner: RedemptionSigner {
    let pipeline: Pipeline
    let enveloper: VCJWTEnveloper
    let keyType: KeyType

    func cryptosuite(forProfile profile: String) -> String? {
        pipeline.cryptosuite(forProfile: profile)
    }

    var jwtAlgorithm: String { keyType.signingAlgorithm.rawValue }

    func signDataIntegrity(_ credential: JSONValue, profile: String, form: any CredentialForm) async throws(RedemptionSigningError) -> JSONValue {
        switch pipeline.signRedeemed(credential, profile: profile, form: form) {
        case .success(let vc): return vc
        case .failure(let error): throw RedemptionSigningError(error.description)
        }
    }

    func signJWT(_ credential: JSONValue, profile: String) async throws(RedemptionSigningError) -> String {
        do {
            return try await enveloper.envelope(credential)
        } catch {
            throw RedemptionSigningError("profile '\(profile)': \(error)")
        }
    }
}
