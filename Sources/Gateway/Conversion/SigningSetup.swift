import Credentials
import Foundation
import JSONCanonical
import Mapping
import Pipeline

/// The pipeline and the issuer's DID document, built from the configuration's profiles and key.
public struct SigningSetup: Sendable {
    /// The pipeline the worker converts with.
    public let pipeline: Pipeline
    /// The DID document served at `/.well-known/did.json` when the issuer is a did:web.
    public let didDocument: JSONValue?

    /// Loads the profiles and the key named in `configuration`.
    public init(configuration: GatewayConfiguration, clock: @escaping @Sendable () -> Date = { Date() })
        throws(SigningSetupError)
    {
        let profiles: ProfileSet
        do {
            profiles = try ProfileLoader.load(directory: URL(fileURLWithPath: configuration.profilesDirectory))
        } catch {
            throw .profiles(error.description)
        }
        let key: SigningKey
        do {
            key = try SigningKey.load(from: configuration.signing.keyPath)
        } catch {
            throw .key(path: configuration.signing.keyPath, reason: error.description)
        }
        let issuer = configuration.signing.issuer
        let fragment = key.verificationMethodFragment
        let method = key.verificationMethod(forIssuer: issuer)
        if issuer.hasPrefix("did:web:") {
            do {
                didDocument = try DIDWeb(parsing: issuer).document(for: key.publicKey, fragment: fragment)
            } catch {
                throw .issuer(issuer, error.description)
            }
        } else {
            didDocument = nil
        }
        // `signing.cryptosuite`, when set, overrides every profile, as `convert --suite` does;
        // otherwise each profile's `proof.cryptosuite`, else the key's default suite.
        do {
            pipeline = try Pipeline(
                profiles: profiles, key: key, verificationMethod: method,
                suite: configuration.signing.cryptosuite, compatibility: configuration.signing.compatibility,
                issuer: issuer, clock: clock)
        } catch {
            throw .signer(error.description)
        }
    }
}

/// Why the pipeline cannot be built from the configuration.
public enum SigningSetupError: Error, Sendable, CustomStringConvertible {
    /// The profiles directory does not load (each problem with file:line:column).
    case profiles(String)
    /// The key file does not load.
    case key(path: String, reason: String)
    /// The key does not fit a cryptosuite that a profile or `signing.cryptosuite` chooses.
    case signer(String)
    /// The issuer DID is not a valid did:web.
    case issuer(String, String)

    /// Actionable text; never key material.
    public var description: String {
        switch self {
        case .profiles(let text): "profiles: \(text)"
        case .key(let path, let reason): "signing.key \(path): \(reason)"
        case .signer(let reason): "signing: \(reason)"
        case .issuer(let issuer, let reason): "signing.issuer \(issuer): \(reason)"
        }
    }
}
