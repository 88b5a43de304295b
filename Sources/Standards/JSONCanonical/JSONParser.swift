/// A strict RFC 8259 / I-JSON parser over UTF-8 bytes.
///
/// Strict because signed documents must mean one thing: duplicate keys, lone surrogates,
/// numbers beyond a double and invalid UTF-8 are errors, never guesses.
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted; hostile input must not exhaust the stack.
    public var maximumDepth: Int

    /// A parser with the given nesting limit.
    public init(maximumDepth: Int = 256) {
        self.maximumDepth = maximumDepth
    }

    /// Parses exactly one JSON value, surrounded by optional white space.
    public func parse<Bytes: Collection>(_ bytes: Bytes) throws(JSONParseError) -> JSONValue
    where Bytes.Element == UInt8 {
        let depth = maximumDepth
        let parsed = bytes.withContiguousStorageIfAvailable { storage in
            Result { () throws(JSONParseError) -> JSONValue in
                var reader = Reader(bytes: storage, maximumDepth: depth)
                return try reader.parseDocument()
            }
        }
        if let parsed { return try parsed.get() }
        return try Array(bytes).withUnsafeBufferPointer { (storage) throws(JSONParseError) -> JSONValue in
            var reader = Reader(bytes: storage, maximumDepth: depth)
            return try reader.parseDocument()
        }
    }

    /// Parses exactly one JSON value from a string.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(text.utf8)
    }
}

extension JSONValue {
    /// Parses JSON text with the default strict parser.
    public init(parsing text: String) throws(JSONParseError) {
        self = try JSONParser().parse(text)
    }

    /// Parses JSON bytes with the default strict parser.
    public init<Bytes: Collection>(parsing bytes: Bytes) throws(JSONParseError) where Bytes.Element == UInt8 {
        self = try JSONParser().parse(bytes)
    }
}

