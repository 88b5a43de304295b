import Foundation
import JSONCanonical
import NIOHTTP1

/// The steps of the pre-authorized code flow, one HTTP exchange each (OpenID4VCI 1.0 §4–§8).
extension OID4VCIHolder {
    /// The grant type of the pre-authorized code flow.
    public static let preAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code"

    // MARK: The offer

    /// The offer page and what its `openid-credential-offer://` link says.
    public struct OfferPage: Sendable {
        /// The page as served.
        public var reply: Reply
        /// The whole link found in an `href`, HTML entities decoded.
        public var link: String?
        /// Its `credential_offer_uri`, percent-decoded.
        public var credentialOfferURI: String?
    }

    /// GETs the offer page (HTML) and finds the `openid-credential-offer://?credential_offer_uri=…`
    /// link in an `href`; the URI is returned percent-decoded.
    public func offerURI(fromPage url: String) async throws -> OfferPage {
        let reply = try await send(.GET, url, headers: [("Accept", "text/html")])
        guard let link = Self.offerLink(inHTML: reply.text) else { return OfferPage(reply: reply, link: nil, credentialOfferURI: nil) }
        return OfferPage(reply: reply, link: link, credentialOfferURI: Self.queryValue("credential_offer_uri", in: link))
    }

    /// The first `href` value that starts with `openid-credential-offer://`, with `&amp;` and the
    /// other basic entities decoded.
    public static func offerLink(inHTML html: String) -> String? {
        var rest = html[...]
        while let attribute = rest.range(of: "href", options: .caseInsensitive) {
            rest = rest[attribute.upperBound...]
            let afterName = rest.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
            guard afterName.first == "=" else { continue }
            let afterEquals = afterName.dropFirst().drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
            guard let quote = afterEquals.first, quote == "\"" || quote == "'" else { continue }
            let value = afterEquals.dropFirst().prefix { $0 != quote }
            let decoded = htmlUnescape(String(value))
            if decoded.hasPrefix("openid-credential-offer://") { return decoded }
        }
        return nil
    }

    /// Decodes `&amp;`, `&quot;`, `&#39;`, `&lt;`, `&gt;` and numeric character references.
    static func htmlUnescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "&", let semicolon = text[index...].firstIndex(of: ";"), text.distance(from: index, to: semicolon) <= 10 {
                let entity = String(text[text.index(after: index)..<semicolon])
                var replacement: String?
                switch entity {
                case "amp": replacement = "&"
                case "quot": replacement = "\""
                case "apos": replacement = "'"
                case "lt": replacement = "<"
                case "gt": replacement = ">"
                default:
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    {
                        replacement = String(Character(scalar))
                    } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                        replacement = String(Character(scalar))
                    }
                }
                if let replacement {
                    out += replacement
                    index = text.index(after: semicolon)
                    continue
                }
            }
            out.append(text[index])
            index = text.index(after: index)
        }
        return out
    }

    /// A query parameter of a URL (`?a=b&c=d`), percent-decoded.
    public static func queryValue(_ name: String, in url: String) -> String? {
        guard let question = url.firstIndex(of: "?") else { return nil }
        for pair in url[url.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            return String(parts[1]).removingPercentEncoding
        }
        return nil
    }

    /// GETs the credential offer a `credential_offer_uri` names.
    public func fetchOffer(_ uri: String) async throws -> Reply {
        try await send(.GET, uri, headers: [("Accept", "application/json")])
    }

    /// A credential offer's parameters (§4.1.1).
    public struct Offer: Sendable {
        /// The whole offer.
        public var json: JSONValue
        /// `credential_issuer`.
        public var credentialIssuer: String
        /// `credential_configuration_ids`.
        public var configurationIDs: [String]
        /// The pre-authorized code of the pre-authorized code grant.
        public var preAuthorizedCode: String
        /// The grant's `tx_code` object, when the offer asks for a transaction code.
        public var txCode: JSONValue?

        /// Reads an offer; `nil` when a required parameter is missing.
        public init?(_ json: JSONValue) {
            guard let issuer = json["credential_issuer"]?.stringValue,
                let ids = json["credential_configuration_ids"]?.arrayValue?.compactMap(\.stringValue),
                let grant = json["grants"]?[OID4VCIHolder.preAuthorizedGrant],
                let code = grant["pre-authorized_code"]?.stringValue
            else { return nil }
            self.json = json
            credentialIssuer = issuer
            configurationIDs = ids
            preAuthorizedCode = code
            txCode = grant["tx_code"]
        }
    }

    // MARK: Metadata

    /// A well-known URL for an identifier, inserted between host and path as RFC 8414 §3.1 and
    /// OpenID4VCI §12.2.2 say (for an identifier without a path, simply appended).
    public static func wellKnown(_ suffix: String, for identifier: String) -> String {
        guard let components = URLComponents(string: identifier), let scheme = components.scheme, let host = components.host else {
            return identifier + "/.well-known/" + suffix
        }
        let port = components.port.map { ":\($0)" } ?? ""
        var path = components.percentEncodedPath
        if path == "/" { path = "" }
        return "\(scheme)://\(host)\(port)/.well-known/\(suffix)\(path)"
    }

    /// GETs the credential issuer metadata, `<issuer>/.well-known/openid-credential-issuer`.
    public func issuerMetadata(_ issuer: String) async throws -> Reply {
        try await send(.GET, Self.wellKnown("openid-credential-issuer", for: issuer), headers: [("Accept", "application/json")])
    }

    /// GETs the authorization server metadata: `<issuer>/.well-known/oauth-authorization-server`
    /// (RFC 8414, what the specification names), or with `openIDConfiguration`
    /// `<issuer>/.well-known/openid-configuration` (what TSG's holder reads).
    public func authorizationServerMetadata(_ issuer: String, openIDConfiguration: Bool = false) async throws -> Reply {
        let suffix = openIDConfiguration ? "openid-configuration" : "oauth-authorization-server"
        return try await send(.GET, Self.wellKnown(suffix, for: issuer), headers: [("Accept", "application/json")])
    }

    // MARK: Token, nonce, credential

    /// Form-POSTs the token request of the pre-authorized code grant (§6.1); `extra` adds fields
    /// (or, with a `grant_type` of its own, a test sends a wrong one).
    public func token(_ endpoint: String, code: String, txCode: String? = nil, extra: [(String, String)] = []) async throws -> Reply {
        var fields: [(String, String)] = [("grant_type", Self.preAuthorizedGrant), ("pre-authorized_code", code)]
        if let txCode { fields.append(("tx_code", txCode)) }
        if extra.contains(where: { $0.0 == "grant_type" }) { fields.removeAll { $0.0 == "grant_type" } }
        fields.append(contentsOf: extra)
        return try await send(
            .POST, endpoint, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Self.form(fields))
    }

    /// POSTs the nonce endpoint (§7); the nonce is `reply.json?["c_nonce"]`.
    public func nonce(_ endpoint: String) async throws -> Reply {
        try await send(.POST, endpoint, headers: [("Accept", "application/json")])
    }

    /// POSTs a credential request (§8) with the access token as Bearer (none when `accessToken` is nil).
    public func credential(_ endpoint: String, accessToken: String?, body: JSONValue) async throws -> Reply {
        var headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let accessToken { headers.append(("Authorization", "Bearer \(accessToken)")) }
        return try await send(.POST, endpoint, headers: headers, body: body.compactString)
    }

    /// The body of a 1.0 credential request: `{credential_identifier, proofs: {jwt: [proof]}}`.
    public static func specRequest(credentialIdentifier: String, proofs: [String]) -> JSONValue {
        ["credential_identifier": .string(credentialIdentifier), "proofs": ["jwt": .array(proofs.map { .string($0) })]]
    }

    /// The body TSG's newest holder sends: `{credential_identifier, proofs: [{proof_type: "jwt", jwt}]}`.
    public static func tsgRequest(credentialIdentifier: String, proof: String) -> JSONValue {
        ["credential_identifier": .string(credentialIdentifier), "proofs": [["proof_type": "jwt", "jwt": .string(proof)]]]
    }

    /// The body TSG's older holder sends: `{format, credential_definition: {type}, proof: {proof_type: "jwt", jwt}}`.
    public static func tsgLegacyRequest(format: String = "jwt_vc_json", types: [String], proof: String) -> JSONValue {
        [
            "format": .string(format), "credential_definition": ["type": .array(types.map { .string($0) })],
            "proof": ["proof_type": "jwt", "jwt": .string(proof)],
        ]
    }

    /// The first credential of a credential response: `credentials[0].credential` (1.0), else a
    /// top-level `credential` (the draft shape older holders read).
    public static func firstCredential(in response: JSONValue?) -> JSONValue? {
        response?["credentials"]?[0]?["credential"] ?? response?["credential"]
    }
}
