/// A QR code symbol (ISO/IEC 18004) holding UTF-8 text in byte mode at error-correction level M.
///
/// Scope, and why: byte mode carries any text as its UTF-8 bytes, which is what the OpenID4VCI
/// offer URLs need. No ECI header is written (ISO/IEC 18004 leaves the byte-mode character set
/// to the reader; phones and zbar read UTF-8 without one), and no numeric, alphanumeric or kanji
/// segments. Level M (15 % recoverable) is the usual choice for on-screen codes; it is the only
/// level, so the format information always says M.
///
/// ```swift
/// let code = try QRCode.encode("openid-credential-offer://?credential_offer_uri=…")
/// let page = code.svg()
/// ```
public struct QRCode: Sendable, Equatable {
    /// The most bytes any symbol holds: version 40 at level M in byte mode.
    public static let maximumBytes = 2331

    /// The version, 1–40: the symbol is `17 + 4 × version` modules wide.
    public let version: Int
    /// The data mask, 0–7, that was applied (ISO/IEC 18004 Table 10).
    public let mask: Int
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// Row-major, `size × size`; `true` is dark.
    private let dark: [Bool]

    /// Encodes `text` as its UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - version: forces a version (1–40); by default the smallest that holds the text.
    ///   - mask: forces a data mask (0–7); by default all eight are scored with the penalty
    ///     rules of ISO/IEC 18004 §7.8.3 and the lowest wins (the lowest number of equal scores).
    /// - Throws: ``QRCodeError/tooLong(bytes:maximum:)`` when the text exceeds 2331 bytes,
    ///   ``QRCodeError/doesNotFit(bytes:version:maximum:)`` when it exceeds a forced version,
    ///   ``QRCodeError/invalidVersion(_:)`` or ``QRCodeError/invalidMask(_:)`` for forced values out of range.
    public static func encode(_ text: String, version: Int? = nil, mask: Int? = nil) throws(QRCodeError) -> QRCode {
        try encode(bytes: Array(text.utf8), version: version, mask: mask)
    }

    /// Encodes `bytes` in byte mode; parameters and errors as for ``encode(_:version:mask:)``.
    public static func encode(bytes: [UInt8], version: Int? = nil, mask: Int? = nil) throws(QRCodeError) -> QRCode {
        if let mask, !(0...7).contains(mask) { throw .invalidMask(mask) }
        let chosen: QRVersion
        if let version {
            guard let forced = QRVersion(version) else { throw .invalidVersion(version) }
            guard bytes.count <= forced.byteCapacity else {
                throw .doesNotFit(bytes: bytes.count, version: version, maximum: forced.byteCapacity)
            }
            chosen = forced
        } else {
            guard let smallest = QRVersion.smallest(holding: bytes.count) else {
                throw .tooLong(bytes: bytes.count, maximum: maximumBytes)
            }
            chosen = smallest
        }

        let message = QRCodewords.interleaved(QRCodewords.data(for: bytes, version: chosen), version: chosen)
        var unmasked = QRMatrix(version: chosen)
        unmasked.place(message)

        let chosenMask = mask ?? bestMask(for: unmasked)
        var symbol = unmasked
        symbol.applyMask(chosenMask)
        symbol.finish(mask: chosenMask, version: chosen.number)
        return QRCode(version: chosen.number, mask: chosenMask, size: chosen.size, dark: symbol.dark)
    }

    /// The mask with the lowest penalty (§7.8.3), the lowest number among equal scores. Each
    /// mask is scored on the masked matrix before the format and version information are
    /// written (their modules light), following the order of §7.1 (step 5 masks, step 6 adds
    /// them); encoders that score the finished symbol can choose another mask, which readers
    /// accept as well (the format information names it).
    static func bestMask(for unmasked: QRMatrix) -> Int {
        var best = (mask: 0, penalty: Int.max)
        for candidate in 0...7 {
            var matrix = unmasked
            matrix.applyMask(candidate)
            let penalty = QRMask.penalty(of: matrix)
            if penalty < best.penalty { best = (candidate, penalty) }
        }
        return best.mask
    }

    /// Whether the module at (row, column) is dark; `false` outside the symbol (the quiet zone is light).
    public func isDark(row: Int, column: Int) -> Bool {
        guard (0..<size).contains(row), (0..<size).contains(column) else { return false }
        return dark[row * size + column]
    }

    /// The modules row by row, top to bottom; `true` is dark.
    public var modules: [[Bool]] {
        (0..<size).map { row in Array(dark[row * size..<(row + 1) * size]) }
    }
}

/// Why text could not be encoded.
public enum QRCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is longer than any QR code holds (2331 bytes of UTF-8 at level M).
    case tooLong(bytes: Int, maximum: Int)
    /// The text is longer than the forced version holds.
    case doesNotFit(bytes: Int, version: Int, maximum: Int)
    /// A forced version outside 1–40.
    case invalidVersion(Int)
    /// A forced mask outside 0–7.
    case invalidMask(Int)

    public var description: String {
        switch self {
        case .tooLong(let bytes, let maximum):
            "the text is \(bytes) bytes of UTF-8 but a QR code holds at most \(maximum) (version 40, level M): "
                + "shorten it, e.g. put the data behind a URL (credential_offer_uri rather than credential_offer)"
        case .doesNotFit(let bytes, let version, let maximum):
            "the text is \(bytes) bytes of UTF-8 but version \(version) holds at most \(maximum) at level M: "
                + "force a larger version or leave the version out to have the smallest that fits chosen"
        case .invalidVersion(let version):
            "QR code version \(version) does not exist: versions are 1 through 40"
        case .invalidMask(let mask):
            "QR code mask \(mask) does not exist: masks are 0 through 7"
        }
    }
}
