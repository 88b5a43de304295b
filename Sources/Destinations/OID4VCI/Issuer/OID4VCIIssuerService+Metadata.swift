import JSONCanonical
import Mapping

extension OID4VCIIssuerService {
    /// The key proof algorithms accepted (never `none`).
    static let proofAlgorithms = ["EdDSA", "ES256", "ES384", "PS256", "RS256"]
    /// How holders' keys are bound: DIDs resolved through the one resolver, or a bare JWK (bound as did:jwk).
    static let bindingMethods = ["did:key", "did:jwk", "did:web", "jwk"]
    static let preAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code"

    /// `/.well-known/openid-credential-issuer`. `token_endpoint` is also here (TSG's holder reads
    /// it here and nowhere else); `authorization_servers` is left out, as the issuer is its own.
    var issuerMetadata: JSONValue {
        var supported = JSONObject()
        for configuration in configurations {
            supported[configuration.id] = configurationMetadata(configuration)
        }
        return [
            "credential_issuer": .string(issuer),
            "credential_endpoint": .string(credentialEndpoint),
            "nonce_endpoint": .string(nonceEndpoint),
            "token_endpoint": .string(tokenEndpoint),
            "display": [["name": .string(issuerName), "locale": "en"]],
            "credential_configurations_supported": .object(supported),
        ]
    }

    private func configurationMetadata(_ configuration: CredentialConfiguration) -> JSONValue {
        let signingAlgorithms: [String] =
            switch configuration.format {
            case .ldpVC: signer.cryptosuite(forProfile: configuration.profile).map { [$0] } ?? []
            case .jwtVCJSON: [signer.jwtAlgorithm]
            }
        var definition: JSONObject = ["type": .array(configuration.types.map { .string($0) })]
        if configuration.format == .ldpVC {
            definition = ["@context": .array(configuration.contexts.map { .string($0) }), "type": definition["type"] ?? .array([])]
        }
        let binding = profiles.profiles.first { $0.name == configuration.profile }?.offer?.binding ?? .did
        var methods = Self.bindingMethods.map { JSONValue.string($0) }
        if binding == .x5c { methods.append("x5c") }
        return [
            "format": .string(configuration.format.rawValue),
            "cryptographic_binding_methods_supported": .array(methods),
            "credential_signing_alg_values_supported": .array(signingAlgorithms.map { .string($0) }),
            "proof_types_supported": ["jwt": ["proof_signing_alg_values_supported": .array(Self.proofAlgorithms.map { .string($0) })]],
            "credential_definition": .object(definition),
            "credential_metadata": ["display": [["name": .string(configuration.title), "locale": "en"]]],
        ]
    }

    /// RFC 8414 metadata, served also at `openid-configuration`, where TSG's holder looks. Only
    /// the pre-authorized code grant exists here: no authorization endpoint, no ID tokens.
    var authorizationServerMetadata: JSONValue {
        [
            "issuer": .string(issuer),
            "token_endpoint": .string(tokenEndpoint),
            "grant_types_supported": [.string(Self.preAuthorizedGrant)],
            "pre-authorized_grant_anonymous_access_supported": true,
            "token_endpoint_auth_methods_supported": ["none"],
            "response_types_supported": [],
        ]
    }
}
