import Foundation

/// A network in CIDR notation (`127.0.0.0/8`, `fd00::/8`), from configuration.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The network address (host bits zero).
    public let network: IPAddress
    /// The prefix length: 0...32 for IPv4, 0...128 for IPv6.
    public let prefixLength: Int

    /// Why a CIDR text was refused.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text given.
        public var text: String
        /// What is wrong with it.
        public var reason: String
        /// A sentence naming the text and the problem.
        public var description: String { "'\(text)' is not a network in CIDR notation: \(reason)" }
    }

    /// Reads `address/prefix`; a bare address means the single address (`/32` or `/128`).
    /// Host bits must be zero (`10.0.0.1/8` is refused), so a typo cannot widen or narrow the range unseen.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw ParseError(text: text, reason: "more than one '/'") }
        guard let address = IPAddress(String(parts[0])) else {
            throw ParseError(text: text, reason: "'\(parts[0])' is not an IPv4 or IPv6 address")
        }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...bits).contains(parsed), parts[1].allSatisfy(\.isNumber) else {
                throw ParseError(text: text, reason: "the prefix length must be a number in 0...\(bits)")
            }
            length = parsed
        }
        let masked = Self.mask(address.bytes, length)
        guard masked == address.bytes else {
            let suggestion = IPAddress(bytes: masked).map { "\($0)/\(length)" } ?? ""
            throw ParseError(text: text, reason: "host bits are set after /\(length); did you mean \(suggestion)?")
        }
        self.network = address
        self.prefixLength = length
    }

    /// A network from a literal known to be valid (the policy's own ranges).
    init(_ network: IPAddress, _ prefixLength: Int) {
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Whether `address` lies in the network (same family only).
    public func contains(_ address: IPAddress) -> Bool {
        let bytes = address.bytes
        guard bytes.count == network.bytes.count else { return false }
        return Self.mask(bytes, prefixLength) == network.bytes
    }

    /// `network/prefix`.
    public var description: String { "\(network)/\(prefixLength)" }

    static func mask(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = max(0, min(8, length - index * 8))
            return keep == 8 ? byte : byte & ~(UInt8(0xFF) >> keep)
        }
    }
}
