/// An e-mail address `local@domain`, with an optional display name.
///
/// The check is simple and strict: exactly one `@`, a non-empty local part of at most 64 octets
/// without spaces, quotes, angle brackets, commas, semicolons, backslashes or control characters,
/// and a domain of dot-separated labels (letters, digits, hyphens, or non-ASCII for internationalised
/// names; RFC 6531). Quoted local parts and address literals are not accepted.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// `local@domain`.
    public let address: String
    /// Shown to the reader; encoded as an RFC 2047 encoded-word when it is not ASCII.
    public let displayName: String?

    /// - Throws: ``SMTPError/invalidHeader(name:reason:)`` naming `header` when the address or
    ///   the display name is unusable.
    public init(_ address: String, displayName: String? = nil, header: String = "address") throws(SMTPError) {
        try Self.validate(address, header: header)
        if let displayName {
            guard !displayName.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw .invalidHeader(name: header, reason: "the display name contains CR, LF or another control character")
            }
        }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The domain part (after the `@`).
    public var domain: Substring { address[address.index(after: address.lastIndex(of: "@")!)...] }

    /// Whether the address needs SMTPUTF8 (RFC 6531).
    public var isASCII: Bool { address.utf8.allSatisfy { $0 < 0x80 } }

    public var description: String { address }

    private static let domainCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)

    static func validate(_ address: String, header: String) throws(SMTPError) {
        func refuse(_ reason: String) -> SMTPError { .invalidHeader(name: header, reason: reason) }
        if address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw refuse("the address contains CR, LF or another control character")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw refuse("an address needs exactly one @ (local@domain)") }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else { throw refuse("the local part must have 1 to 64 octets") }
        let forbidden: Set<Character> = [" ", "\"", "<", ">", "(", ")", ",", ";", ":", "\\", "[", "]"]
        guard !local.contains(where: { forbidden.contains($0) }) else {
            throw refuse("the local part contains a space, quote, angle bracket or other special character")
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            throw refuse("the local part has a leading, trailing or doubled dot")
        }
        guard !domain.isEmpty, domain.utf8.count <= 253 else { throw refuse("the domain must have 1 to 253 octets") }
        for label in domain.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63 else { throw refuse("the domain has an empty or too long label") }
            guard !label.hasPrefix("-"), !label.hasSuffix("-") else { throw refuse("a domain label starts or ends with a hyphen") }
            guard label.unicodeScalars.allSatisfy({ $0.value >= 0x80 || Self.domainCharacters.contains($0) }) else {
                throw refuse("the domain may hold only letters, digits, hyphens and dots")
            }
        }
    }
}
