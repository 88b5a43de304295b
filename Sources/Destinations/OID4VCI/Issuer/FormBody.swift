import Foundation

/// An `application/x-www-form-urlencoded` body (the token request): names to values, `+` as a
/// space, percent-decoding; a name given twice is an error, as RFC 6749 § 3.2 asks.
package struct FormBody {
    package let values: [String: String]

    /// Parses `bytes`; throws the name given twice, or a malformed escape.
    package init(_ bytes: [UInt8]) throws(FormBodyError) {
        var values: [String: String] = [:]
        let text = String(decoding: bytes, as: UTF8.self)
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw .malformed(String(parts[0].prefix(40)))
            }
            guard values[name] == nil else { throw .repeated(name) }
            values[name] = value
        }
        self.values = values
    }

    package subscript(name: String) -> String? { values[name] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// Why a form body was refused.
package enum FormBodyError: Error, CustomStringConvertible {
    case malformed(String)
    case repeated(String)

    package var description: String {
        switch self {
        case .malformed(let name): "the form parameter '\(name)' is not valid percent-encoding"
        case .repeated(let name): "the form parameter '\(name)' is given more than once"
        }
    }
}
