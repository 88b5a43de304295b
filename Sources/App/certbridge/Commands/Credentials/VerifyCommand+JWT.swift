import CredentialJWT
import Credentials
import Foundation
import StatusList

extension VerifyCommand {
    /// Verifies one compact VC-JWT and prints its line; whether it passed.
    static func verifyJWT(_ token: String, label: String, resolver: DIDResolver, lists: [String: StatusListCredential]) async -> Bool {
        guard CredentialJWT.isCompactJWS(token) else {
            print("FAILED   \(label): a JSON string that is not a compact JWT (expected a credential object or a VC-JWT)")
            return false
        }
        do {
            let result = try await CredentialJWT.verify(token, resolver: resolver)
            let shown = result.credential["id"]?.stringValue.map { "\(label) (\($0))" } ?? label
            var line = "verified \(shown): \(result.form) \(result.algorithm) by \(result.verificationMethod)"
            if let status = try CredentialStatus.of(result.credential, lists: lists) {
                switch status {
                case .revoked, .suspended:
                    print("FAILED   \(shown): the JWT verifies, but the credential is \(status)")
                    return false
                case .valid, .unchecked:
                    line += "; status \(status)"
                }
            }
            print(line)
            return true
        } catch {
            print("FAILED   \(label): \(error)")
            return false
        }
    }
}
