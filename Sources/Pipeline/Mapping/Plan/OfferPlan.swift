import Foundation

/// A profile's `offer:` settings: how its credentials are offered to wallets over OpenID4VCI
/// (transaction code, key binding, formats) and the e-mail that carries the offer link.
///
/// Mapping only reads and checks the settings; the OpenID4VCI destination makes the offers,
/// keeps the codes and sends the mail.
public struct OfferPlan: Sendable, Hashable {
    /// The allowed lengths of a numeric transaction code.
    public static let txCodeLengths = 4...8
    /// The longest `tx_code_description` (OpenID4VCI's limit for `tx_code.description`).
    public static let txCodeDescriptionLimit = 300

    /// The number of digits of the transaction code a wallet must enter, or `nil` for none.
    public var txCodeLength: Int?
    /// The hint wallets show next to the code entry, or `nil`; only with a code.
    public var txCodeDescription: String?
    /// Which key proofs bind the credential to its holder.
    public var binding: OfferBinding
    /// The formats offered, in the order written, without repeats; never empty.
    public var formats: [OfferFormat]
    /// The offer e-mail, or `nil` when the profile leaves it to the destination's default text.
    public var mail: OfferMailTemplate?
    /// Where `offer:` is written, for errors about it.
    public var location: SourceLocation

    /// Creates a plan.
    public init(
        txCodeLength: Int? = nil, txCodeDescription: String? = nil, binding: OfferBinding = .did, formats: [OfferFormat],
        mail: OfferMailTemplate? = nil, location: SourceLocation
    ) {
        self.txCodeLength = txCodeLength
        self.txCodeDescription = txCodeDescription
        self.binding = binding
        self.formats = formats
        self.mail = mail
        self.location = location
    }

    /// The formats a profile of this VC version offers when it names none: `jwt_vc_json` is the
    /// VC 1.1 JWT form, so VC 2.0 profiles offer `ldp_vc` only.
    public static func defaultFormats(for version: VCVersion) -> [OfferFormat] {
        version == .v1_1 ? [.ldpVC, .jwtVCJSON] : [.ldpVC]
    }
}

/// `offer.binding`: what a wallet's key proof must show.
public enum OfferBinding: String, Sendable, Hashable, CaseIterable {
    /// A DID the proof's key belongs to (the default); an x5c-only proof is refused.
    case did
    /// A key proof with an `x5c` certificate chain and no DID is accepted as well.
    case x5c
}

/// An OpenID4VCI credential format (`offer.formats`).
public enum OfferFormat: String, Sendable, Hashable, CaseIterable {
    /// A W3C VC secured with a Data Integrity / linked-data proof.
    case ldpVC = "ldp_vc"
    /// A VC 1.1 credential as a JWT (VC-JWT); not defined for VC 2.0.
    case jwtVCJSON = "jwt_vc_json"
}

/// A name that `offer.mail` texts may use as `{{name}}`.
public enum OfferPlaceholder: String, Sendable, Hashable, CaseIterable {
    /// The recipient's name.
    case name
    /// The credential's display name.
    case credential
    /// The issuer's name.
    case issuer
    /// The URL of the offer page.
    case link
    /// The date the offer expires.
    case expires
}

/// One piece of a mail template: literal text or a placeholder.
public enum OfferTemplatePart: Sendable, Hashable {
    /// Text copied as written.
    case text(String)
    /// A value filled in for each mail.
    case placeholder(OfferPlaceholder)
}

/// The values a mail template's placeholders are replaced with.
public struct OfferTemplateValues: Sendable, Hashable {
    /// The recipient's name.
    public var name: String
    /// The credential's display name.
    public var credential: String
    /// The issuer's name.
    public var issuer: String
    /// The URL of the offer page.
    public var link: String
    /// The offer's expiry date, as the mail should show it.
    public var expires: String

    /// Creates the values.
    public init(name: String, credential: String, issuer: String, link: String, expires: String) {
        self.name = name
        self.credential = credential
        self.issuer = issuer
        self.link = link
        self.expires = expires
    }

    /// The value for one placeholder.
    public subscript(placeholder: OfferPlaceholder) -> String {
        switch placeholder {
        case .name: name
        case .credential: credential
        case .issuer: issuer
        case .link: link
        case .expires: expires
        }
    }
}

/// The offer e-mail's subject and body (`offer.mail`), parsed once when the profiles load.
public struct OfferMailTemplate: Sendable, Hashable {
    /// The subject line; its text parts hold no line breaks.
    public var subject: [OfferTemplatePart]
    /// The plain-text body; contains `{{link}}` when compiled from a profile.
    public var body: [OfferTemplatePart]

    /// Creates a template.
    public init(subject: [OfferTemplatePart], body: [OfferTemplatePart]) {
        self.subject = subject
        self.body = body
    }

    /// The mail for one offer. Values are put in verbatim (the mail is plain text, so nothing
    /// needs escaping), except that CR and LF are removed from the subject: a line break there
    /// would end the header and let a value write headers of its own.
    public func render(_ values: OfferTemplateValues) -> (subject: String, body: String) {
        let subject = Self.fill(subject, values)
        let oneLine = String(String.UnicodeScalarView(subject.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }))
        return (oneLine, Self.fill(body, values))
    }

    /// The text the destination uses when a profile has no `offer.mail` (and for the parts a
    /// profile's `mail` leaves out).
    public static let defaultMail = OfferMailTemplate(
        subject: trusted("Your credential: {{credential}}"),
        body: trusted("""
            Hello {{name}},

            {{issuer}} has issued you the credential "{{credential}}".

            To receive it, open this link with a wallet app that supports OpenID4VCI
            (OpenID for Verifiable Credential Issuance):

            {{link}}

            The link works until {{expires}}. If your wallet asks for a code, you will get it
            from us separately, not in this e-mail.

            """))

    private static func fill(_ parts: [OfferTemplatePart], _ values: OfferTemplateValues) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .text(let literal): text += literal
            case .placeholder(let placeholder): text += values[placeholder]
            }
        }
        return text
    }

    /// Parses a built-in text; these are checked by tests, so a failure (which would only be a
    /// typo here) degrades to the literal text instead of trapping.
    private static func trusted(_ text: String) -> [OfferTemplatePart] {
        (try? parse(text).get()) ?? [.text(text)]
    }

    /// Why a template text does not parse.
    enum ParseError: Error, Hashable {
        /// `{{…}}` names something other than an `OfferPlaceholder`.
        case unknownPlaceholder(String)
        /// A `{{` without a following `}}`.
        case unclosed
    }

    /// Splits `text` into literal parts and `{{name}}` placeholders (spaces inside the braces
    /// are allowed, as in profile templates: `{{ name }}`). A lone `}}` is plain text.
    static func parse(_ text: String) -> Result<[OfferTemplatePart], ParseError> {
        var parts: [OfferTemplatePart] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return .failure(.unclosed) }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let placeholder = OfferPlaceholder(rawValue: name) else { return .failure(.unknownPlaceholder(name)) }
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            parts.append(.placeholder(placeholder))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return .success(parts)
    }
}
