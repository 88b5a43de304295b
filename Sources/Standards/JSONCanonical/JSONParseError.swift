/// Why bytes could not be read as JSON, with the byte offset where reading stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Sendable, Equatable {
        case unexpectedEndOfInput
        case unexpectedCharacter(UInt8, expected: String)
        case invalidNumber(String)
        case numberOutOfRange(String)
        case invalidEscape
        case invalidUnicodeEscape
        case loneSurrogate
        case controlCharacterInString(UInt8)
        case invalidUTF8
        case duplicateKey(String)
        case trailingContent
        case nestingTooDeep(limit: Int)
    }

    /// What was wrong.
    public var reason: Reason
    /// Zero-based byte offset into the input.
    public var offset: Int
    /// One-based line of the offset.
    public var line: Int
    /// One-based column (in bytes) of the offset.
    public var column: Int

    /// A sentence a person can act on.
    public var description: String {
        let position = "at byte \(offset) (line \(line), column \(column))"
        switch reason {
        case .unexpectedEndOfInput:
            return "JSON ends too early \(position)"
        case .unexpectedCharacter(let byte, let expected):
            return "unexpected \(Self.describe(byte)) \(position); expected \(expected)"
        case .invalidNumber(let text):
            return "invalid number '\(text)' \(position)"
        case .numberOutOfRange(let text):
            return "number '\(text)' \(position) does not fit an IEEE-754 double"
        case .invalidEscape:
            return "invalid escape sequence in string \(position)"
        case .invalidUnicodeEscape:
            return "invalid \\u escape in string \(position); four hex digits are required"
        case .loneSurrogate:
            return "unpaired UTF-16 surrogate escape in string \(position)"
        case .controlCharacterInString(let byte):
            return "unescaped control character \(Self.describe(byte)) in string \(position)"
        case .invalidUTF8:
            return "invalid UTF-8 \(position)"
        case .duplicateKey(let key):
            return "duplicate object key \"\(key)\" \(position)"
        case .trailingContent:
            return "unexpected content after the JSON value \(position)"
        case .nestingTooDeep(let limit):
            return "JSON nested deeper than \(limit) levels \(position)"
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
