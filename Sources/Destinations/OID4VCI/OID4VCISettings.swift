import Destination
import Foundation

/// The `destinations.oid4vci` section: lifetimes of offers, codes, tokens and nonces, the key
/// proof window, the attempt limits, and the development switch for plain http on loopback.
public struct OID4VCISettings: DestinationSettings {
    static let keys: Set<String> = [
        "allow_http_loopback", "offer_ttl", "code_lifetime", "token_lifetime", "nonce_lifetime", "proof_max_age",
        "code_attempts", "offer_attempts", "send_mail", "issuer_name",
    ]

    /// How long an offer can be redeemed (it is long-lived: a printed page keeps working).
    public var offerTTL: Duration = .seconds(180 * 86_400)
    /// How long a pre-authorized code minted for one fetch of the offer is valid.
    public var codeLifetime: Duration = .seconds(600)
    /// How long an access token is valid.
    public var tokenLifetime: Duration = .seconds(600)
    /// How long a `c_nonce` is valid.
    public var nonceLifetime: Duration = .seconds(300)
    /// How old a key proof's `iat` may be.
    public var proofMaxAge: Duration = .seconds(300)
    /// Wrong `tx_code`s one pre-authorized code survives.
    public var codeAttempts = 5
    /// Wrong `tx_code`s one offer survives, over all its codes, before it is locked (a six-digit
    /// code would otherwise fall to fetching fresh codes and guessing on).
    public var offerAttempts = 10
    /// Whether offers are e-mailed (needs `smtp:`); off, operators hand the links over themselves.
    public var sendMail = true
    /// The issuer's name on the offer page, in e-mails and in the metadata; default the public URL's host.
    public var issuerName: String?
    /// Development only: the issuer identifier may be plain `http://` on a loopback host.
    public var allowHTTPLoopback = false

    /// Creates settings with the defaults.
    public init() {}

    /// `oid4vci`.
    public var kind: DestinationKind { .oid4vci }

    /// The lifetimes.
    public var label: String {
        "OpenID4VCI offers at /offers, issuer endpoints at /oid4vci (offers \(Self.text(offerTTL)), codes \(Self.text(codeLifetime)))"
            + (sendMail ? ", e-mailed" : ", not e-mailed")
    }

    /// The destination with its issuer endpoints.
    public func makeDestination(context: DestinationContext) -> any Destination {
        OID4VCIDestination(settings: self, context: context)
    }

    /// What the rest of the configuration must give: an https public URL (http only on loopback
    /// with `allow_http_loopback`), and `smtp:` unless `send_mail: false`.
    public func problems(publicBaseURL: String?, mailConfigured: Bool) -> [String] {
        var problems: [String] = []
        if let base = publicBaseURL, let url = URL(string: base) {
            if url.scheme?.lowercased() == "http" && !allowHTTPLoopback {
                problems.append(
                    "destinations.oid4vci: public_url \(base) is plain http; the credential issuer must be https (behind a TLS-terminating proxy). "
                        + "For development on loopback only, set destinations.oid4vci.allow_http_loopback: true")
            }
            if url.path.count > 1 {
                problems.append(
                    "destinations.oid4vci: public_url \(base) has a path; the credential issuer identifier must be a bare origin "
                        + "(wallets such as TSG's append /.well-known/openid-credential-issuer to it)")
            }
        } else {
            problems.append("destinations.oid4vci needs public_url: the offers, the issuer identifier and its endpoints live there")
        }
        if sendMail && !mailConfigured {
            problems.append("destinations.oid4vci e-mails offers, but no smtp: section is configured; add one, or set send_mail: false")
        }
        return problems
    }

    @Sendable static func read(_ reader: any DestinationSettingsReader) -> (any DestinationSettings)? {
        var settings = OID4VCISettings()
        func bounded(_ key: String, _ range: ClosedRange<Duration>, _ apply: (Duration) -> Void) {
            guard let value = reader.duration(key) else { return }
            if range.contains(value) {
                apply(value)
            } else {
                reader.problem(key, "must be between \(text(range.lowerBound)) and \(text(range.upperBound))")
            }
        }
        bounded("offer_ttl", .seconds(3600)...(.seconds(5 * 365 * 86_400))) { settings.offerTTL = $0 }
        bounded("code_lifetime", .seconds(1)...(.seconds(86_400))) { settings.codeLifetime = $0 }
        bounded("token_lifetime", .seconds(10)...(.seconds(86_400))) { settings.tokenLifetime = $0 }
        bounded("nonce_lifetime", .seconds(1)...(.seconds(3600))) { settings.nonceLifetime = $0 }
        bounded("proof_max_age", .seconds(10)...(.seconds(3600))) { settings.proofMaxAge = $0 }
        func count(_ key: String, _ range: ClosedRange<Int>, _ apply: (Int) -> Void) {
            guard let text = reader.optionalString(key) else { return }
            guard let value = Int(text), range.contains(value) else {
                reader.problem(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return
            }
            apply(value)
        }
        count("code_attempts", 1...20) { settings.codeAttempts = $0 }
        count("offer_attempts", 1...100) { settings.offerAttempts = $0 }
        func flag(_ key: String, _ apply: (Bool) -> Void) {
            guard let text = reader.optionalString(key) else { return }
            switch text {
            case "true", "on", "yes": apply(true)
            case "false", "off", "no": apply(false)
            default: reader.problem(key, "must be true or false")
            }
        }
        flag("send_mail") { settings.sendMail = $0 }
        flag("allow_http_loopback") { settings.allowHTTPLoopback = $0 }
        settings.issuerName = reader.optionalString("issuer_name")
        return settings
    }

    static func text(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
