import CredentialJWT
import Credentials
import JSONCanonical
import Pipeline

/// The worker's VC-JWT signer: the issuer's key and verification method, jwt-kit underneath.
public struct VCJWTEnveloper: CredentialEnveloper {
    let key: SigningKey
    let verificationMethod: String

    /// A signer with `key`, naming `verificationMethod` as `kid`.
    public init(key: SigningKey, verificationMethod: String) {
        self.key = key
        self.verificationMethod = verificationMethod
    }

    /// The compact JWT of `credential`, in the form its base context calls for.
    public func envelope(_ credential: JSONValue) async throws -> String {
        try await CredentialJWT.sign(credential, key: key, verificationMethod: verificationMethod)
    }
}
