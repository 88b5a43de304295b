import JSONCanonical

/// DIDs and DID URLs, split without the network.
enum DIDText {
    /// The DID of a DID URL: everything before `#`, `?` or `/`.
    static func did(of url: String) -> String {
        String(url.prefix { $0 != "#" && $0 != "?" && $0 != "/" })
    }

    /// The absolute method id for a `kid`: a bare `#fragment` is taken relative to `issuer`.
    static func absolute(kid: String, issuer: String?) -> String {
        if kid.hasPrefix("#"), let issuer { return issuer + kid }
        return kid
    }

    /// The credential's issuer id: a string, or an object's `id`.
    static func issuer(of credential: JSONObject) -> String? {
        credential["issuer"]?.stringValue ?? credential["issuer"]?["id"]?.stringValue
    }
}
