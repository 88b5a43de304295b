import Credentials
import Foundation
import JSONCanonical
import LinkedData
import Mapping
import Pipeline

/// The profiles, key and issuer of a configuration, loaded once: what the pipeline signs with and
/// the issuer's DID document.
public struct SigningSetup: Sendable {
    /// The compiled profiles.
    public let profiles: ProfileSet
    /// The signing key: the file's, or the key ring's active key.
    public let key: SigningKey
    /// The key ring's retired keys: they sign nothing but stay in did.json (empty for one key file).
    public let retiredKeys: [SigningKey]
    /// The issuer DID.
    public let issuer: String
    /// The verification method proofs name.
    public let verificationMethod: String
    /// The registries, built once for these profiles' contexts and the operator's.
    public let registries: SigningRegistries
    /// Why the key file's mode is unsafe though accepted (others can read it), for the caller to
    /// log or print; `nil` when it is fine.
    public let keyFileWarning: String?
    /// The DID document served at `/.well-known/did.json` when the issuer is a did:web.
    public let didDocument: JSONValue?

    /// Loads the profiles and the key named in `configuration`; `contexts` adds the operator's
    /// JSON-LD contexts to the bundled ones.
    public init(configuration: GatewayConfiguration, contexts: ContextStore = .bundled) throws(CompositionError) {
        do {
            profiles = try ProfileLoader.load(
                directory: URL(fileURLWithPath: configuration.profilesDirectory), cryptosuites: Cryptosuites.names)
        } catch {
            throw .profiles(error.description)
        }
        do {
            var warnings: [String] = []
            let path = configuration.signing.keyPath, strict = configuration.signing.strictKeyMode
            if KeyRing.isKeyRing(path) {
                let ring = try KeyRing.load(directory: path, strictKeyMode: strict, warn: { warnings.append($0) })
                key = try ring.active
                retiredKeys = ring.retired
            } else {
                key = try SigningKey.load(from: path, strictKeyMode: strict, warn: { warnings.append($0) })
                retiredKeys = []
            }
            keyFileWarning = warnings.isEmpty ? nil : warnings.joined(separator: "; ")
        } catch {
            throw .key(path: configuration.signing.keyPath, reason: error.description)
        }
        issuer = configuration.signing.issuer
        // RSA keys have no did:key here: an RSA did:key issuer would sign what no verifier resolves.
        if issuer.hasPrefix("did:key:") && !key.type.hasDIDKey {
            throw .issuer(issuer, KeyError.noDIDKey(key.type).description)
        }
        verificationMethod = configuration.signing.verificationMethod ?? key.verificationMethod(forIssuer: issuer)
        if issuer.hasPrefix("did:web:") {
            do {
                let web = try DIDWeb(parsing: issuer)
                // One key file keeps its one-method document byte for byte.
                didDocument = retiredKeys.isEmpty
                    ? web.document(for: key.publicKey, fragment: key.verificationMethodFragment)
                    : web.document(active: key, retired: retiredKeys)
            } catch {
                throw .issuer(issuer, error.description)
            }
        } else {
            didDocument = nil
        }
        registries = Cryptosuites.registries(for: profiles, contexts: contexts)
    }

    /// The pipeline over these profiles with `routes`: `signing.cryptosuite`, when set, overrides
    /// every profile, as `convert --suite` does; otherwise each profile's `proof.cryptosuite`,
    /// else the key's default suite.
    public func pipeline(
        _ signing: GatewayConfiguration.SigningSettings, routes: ProfileRoutes,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(CompositionError) -> Pipeline {
        do {
            return try Pipeline(
                profiles: profiles, key: key, verificationMethod: verificationMethod, registries: registries,
                suite: signing.cryptosuite, compatibility: signing.compatibility, issuer: issuer, routes: routes, clock: clock)
        } catch {
            throw .signer(error.description)
        }
    }
}
