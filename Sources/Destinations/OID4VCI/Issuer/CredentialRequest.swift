import JSONCanonical

/// A credential request in any of the shapes holders send:
/// - OpenID4VCI 1.0: `credential_identifier` or `credential_configuration_id`, `proofs: {jwt: [...]}`;
/// - TSG's newest holder: `credential_identifier`, `proofs: [{proof_type: "jwt", jwt}]`;
/// - older drafts (TSG's older holder): `format` (+ `credential_definition`), a single `proof: {proof_type, jwt}`.
package struct CredentialRequest: Equatable {
    /// How the request names what it wants.
    package enum Selector: Equatable {
        case identifier(String)
        case configuration(String)
        case format(String)
    }

    package var selector: Selector
    /// The key proof JWT (exactly one: this issuer does not batch).
    package var proof: String
    /// Whether it came in the single-`proof` shape of older drafts (answered with a top-level `credential` too).
    package var legacy: Bool

    package init(body: [UInt8]) throws(CredentialRequestError) {
        let json: JSONValue
        do {
            json = try JSONParser().parse(body)
        } catch {
            throw .malformed("the body is not JSON: \(error)")
        }
        guard json.objectValue != nil else { throw .malformed("the body must be a JSON object") }
        if let identifier = json["credential_identifier"] {
            guard let text = identifier.stringValue, !text.isEmpty else { throw .malformed("credential_identifier must be a string") }
            if json["credential_configuration_id"] != nil {
                throw .malformed("send credential_identifier or credential_configuration_id, not both")
            }
            selector = .identifier(text)
        } else if let configuration = json["credential_configuration_id"] {
            guard let text = configuration.stringValue, !text.isEmpty else { throw .malformed("credential_configuration_id must be a string") }
            selector = .configuration(text)
        } else if let format = json["format"]?.stringValue {
            selector = .format(format)
        } else {
            throw .malformed("name the credential: credential_identifier (from the token response) or credential_configuration_id")
        }
        let proofs: [String]
        switch (json["proofs"], json["proof"]) {
        case (.some, .some):
            throw .malformed("send proofs or proof, not both")
        case (.object(let byType)?, nil):
            guard byType.count == 1, let jwts = byType["jwt"] else {
                throw .malformed("proofs must hold exactly one proof type, jwt (the only one this issuer accepts)")
            }
            guard let list = jwts.arrayValue else { throw .malformed("proofs.jwt must be an array of JWTs") }
            proofs = try list.map { item throws(CredentialRequestError) in
                guard let text = item.stringValue else { throw .malformed("proofs.jwt must be an array of JWT strings") }
                return text
            }
            legacy = false
        case (.array(let list)?, nil):
            proofs = try list.map { item throws(CredentialRequestError) in try Self.typedProof(item, field: "proofs[]") }
            legacy = false
        case (nil, let single?):
            proofs = [try Self.typedProof(single, field: "proof")]
            legacy = true
        case (nil, nil):
            throw .missingProof
        case (let other?, nil):
            throw .malformed("proofs must be an object {\"jwt\": [...]} (or TSG's array of {proof_type, jwt}), not a \(other.kindName)")
        }
        guard !proofs.isEmpty else { throw .missingProof }
        guard proofs.count == 1 else {
            throw .malformed("this issuer issues one credential per request: send exactly one proof (got \(proofs.count))")
        }
        proof = proofs[0]
    }

    /// `{proof_type: "jwt", jwt: "…"}`.
    private static func typedProof(_ value: JSONValue, field: String) throws(CredentialRequestError) -> String {
        guard value.objectValue != nil else { throw .malformed("\(field) must be an object {proof_type, jwt}") }
        guard value["proof_type"]?.stringValue == "jwt" else {
            throw .malformed("\(field).proof_type must be jwt (the only proof type this issuer accepts)")
        }
        guard let jwt = value["jwt"]?.stringValue else { throw .malformed("\(field).jwt must be the proof JWT") }
        return jwt
    }
}

/// Why a credential request was refused before its proof was looked at.
package enum CredentialRequestError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case missingProof

    package var description: String {
        switch self {
        case .malformed(let reason): reason
        case .missingProof: "the request has no key proof: send proofs {\"jwt\": [\"<openid4vci-proof+jwt>\"]}"
        }
    }
}
