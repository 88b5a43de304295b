import CompressNIO
import Credentials
import NIOCore

/// The bitstring of a W3C Bitstring Status List: entry `i` is the `statusSize` bits starting at
/// bit `i × statusSize`, and bit 0 is the left-most (most significant) bit of byte 0.
public struct StatusBitstring: Sendable, Hashable {
    /// The fewest entries a list may have (herd privacy; verifiers refuse shorter lists).
    public static let minimumEntries = 131_072
    /// The most bytes this gateway inflates a list to (16 MiB, 128 Mi one-bit entries): a GZIP
    /// stream from elsewhere is untrusted input and must not inflate without bound.
    public static let maximumBytes = 16 << 20

    /// The packed bits.
    public private(set) var bytes: [UInt8]
    /// Bits per entry (1 for revocation and suspension).
    public let statusSize: Int

    /// A list of `entries` entries, all zero; at least ``minimumEntries``.
    public init(entries: Int = StatusBitstring.minimumEntries, statusSize: Int = 1) throws(StatusListError) {
        guard statusSize >= 1, statusSize <= 8 else {
            throw .invalid(field: "statusSize", reason: "must be 1 to 8 bits, got \(statusSize)")
        }
        guard entries >= Self.minimumEntries else {
            throw .length(entries: entries, reason: "a list needs at least \(Self.minimumEntries)")
        }
        let bits = entries * statusSize
        guard bits / 8 <= Self.maximumBytes else {
            throw .length(entries: entries, reason: "at most \(Self.maximumBytes) bytes are supported")
        }
        bytes = [UInt8](repeating: 0, count: (bits + 7) / 8)
        self.statusSize = statusSize
    }

    /// The number of entries.
    public var entries: Int { bytes.count * 8 / statusSize }

    /// The status value of entry `index` (0 is "not set").
    public func status(at index: Int) throws(StatusListError) -> UInt8 {
        guard index >= 0, index < entries else { throw .range(index: index, entries: entries) }
        var value: UInt8 = 0
        for bit in index * statusSize..<(index + 1) * statusSize {
            value = value << 1 | (bytes[bit >> 3] >> (7 - UInt8(bit & 7))) & 1
        }
        return value
    }

    /// Sets entry `index` to `value` (its low `statusSize` bits).
    public mutating func setStatus(_ value: UInt8, at index: Int) throws(StatusListError) {
        guard index >= 0, index < entries else { throw .range(index: index, entries: entries) }
        let first = index * statusSize
        for offset in 0..<statusSize {
            let bit = first + offset
            let set = (value >> UInt8(statusSize - 1 - offset)) & 1 == 1
            let mask: UInt8 = 0x80 >> UInt8(bit & 7)
            if set { bytes[bit >> 3] |= mask } else { bytes[bit >> 3] &= ~mask }
        }
    }

    /// `encodedList`: multibase base64url without padding (`u`) of the GZIP of the bytes.
    public func encodedList() throws(StatusListError) -> String {
        var buffer = ByteBuffer(bytes: bytes)
        do {
            let compressed = try buffer.compress(with: .gzip())
            return "u" + Base64URL.encode(compressed.readableBytesView)
        } catch {
            throw .malformedEncodedList("GZIP compression failed: \(error)")
        }
    }

    /// Decodes an `encodedList`, refusing lists shorter than ``minimumEntries`` entries and GZIP
    /// streams that would inflate past ``maximumBytes``.
    public init(encodedList: String, statusSize: Int = 1) throws(StatusListError) {
        guard statusSize >= 1, statusSize <= 8 else {
            throw .invalid(field: "statusSize", reason: "must be 1 to 8 bits, got \(statusSize)")
        }
        guard encodedList.first == "u" else {
            throw .malformedEncodedList("must be multibase base64url, starting with 'u'")
        }
        let compressed: [UInt8]
        do {
            compressed = try Base64URL.decode(String(encodedList.dropFirst()))
        } catch {
            throw .malformedEncodedList("not base64url without padding (\(error))")
        }
        var input = ByteBuffer(bytes: compressed)
        var output = ByteBufferAllocator().buffer(capacity: Self.maximumBytes)
        do {
            try input.decompress(to: &output, with: .gzip())
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw .length(entries: Self.maximumBytes * 8 / statusSize, reason: "it inflates past \(Self.maximumBytes) bytes")
        } catch {
            throw .malformedEncodedList("not a GZIP stream (\(error))")
        }
        bytes = Array(output.readableBytesView)
        self.statusSize = statusSize
        guard entries >= Self.minimumEntries else {
            throw .length(entries: entries, reason: "a list needs at least \(Self.minimumEntries)")
        }
    }
}
