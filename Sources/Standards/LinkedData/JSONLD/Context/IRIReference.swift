/// RFC 3986 helpers: absolute-IRI test and reference resolution (section 5.2).
enum IRIReference {
    /// Whether `value` starts with a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
    static func hasScheme(_ value: String) -> Bool {
        var first = true
        for byte in value.utf8 {
            if byte == 0x3A { return !first }
            let isAlpha = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            if first {
                guard isAlpha else { return false }
                first = false
            } else if !(isAlpha || (0x30...0x39).contains(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E) {
                return false
            }
        }
        return false
    }

    /// An absolute IRI usable in RDF: a scheme and no characters N-Quads forbids in IRIs.
    ///
    /// Every property, type, identifier and datatype goes through this test, so each byte is
    /// tested against constant bit sets (ASCII only; bytes of multi-byte UTF-8 are allowed)
    /// instead of a `switch`.
    static func isWellFormedAbsolute(_ value: String) -> Bool {
        if let answer = value.utf8.withContiguousStorageIfAvailable(isWellFormedAbsolute) { return answer }
        var copy = value
        copy.makeContiguousUTF8()
        return isWellFormedAbsolute(copy)
    }

    private static func isWellFormedAbsolute(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
        guard let first = bytes.first, contains(first, low: 0, high: letters) else { return false }
        var index = 1
        while index < bytes.count, bytes[index] != 0x3A {
            guard contains(bytes[index], low: schemeLow, high: letters) else { return false }
            index += 1
        }
        guard index < bytes.count else { return false }
        var fragments = 0
        while index < bytes.count {
            let byte = bytes[index]
            if contains(byte, low: forbiddenLow, high: forbiddenHigh) { return false }
            if byte == 0x23 {
                fragments += 1
                if fragments > 1 { return false }
            }
            index += 1
        }
        return true
    }

    /// Whether an ASCII `byte` is in the set given as bits for 0–63 (`low`) and 64–127 (`high`).
    @inline(__always)
    private static func contains(_ byte: UInt8, low: UInt64, high: UInt64) -> Bool {
        if byte < 64 { return low >> UInt64(byte) & 1 == 1 }
        if byte < 128 { return high >> UInt64(byte - 64) & 1 == 1 }
        return false
    }

    /// `A`–`Z` and `a`–`z` (bytes 65–90, 97–122).
    private static let letters: UInt64 = 0x07FF_FFFE_07FF_FFFE
    /// `+`, `-`, `.` and `0`–`9` (bytes 43, 45, 46, 48–57).
    private static let schemeLow: UInt64 = 0x03FF_6800_0000_0000
    /// Controls, space, `"`, `<`, `>` (bytes 0–32, 34, 60, 62).
    private static let forbiddenLow: UInt64 = 0x5000_0005_FFFF_FFFF
    /// `\`, `^`, `` ` ``, `{`, `|`, `}` (bytes 92, 94, 96, 123–125); bytes from 128 on are allowed.
    private static let forbiddenHigh: UInt64 = 0x3800_0001_5000_0000

    private struct Parts {
        var scheme: String?
        var authority: String?
        var path: String
        var query: String?
        var fragment: String?
    }

    private static func split(_ reference: String) -> Parts {
        var rest = Substring(reference)
        var parts = Parts(path: "")
        if let hash = rest.firstIndex(of: "#") {
            parts.fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            parts.query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        if hasScheme(String(rest)), let colon = rest.firstIndex(of: ":") {
            parts.scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            parts.authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        parts.path = String(rest)
        return parts
    }

    /// Resolves `reference` against `base` (RFC 3986 5.2.2); without a base it stays as written.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !hasScheme(reference) else { return reference }
        let ref = split(reference)
        let baseParts = split(base)
        var target = Parts(path: "")
        target.scheme = baseParts.scheme
        if ref.authority != nil {
            target.authority = ref.authority
            target.path = removeDotSegments(ref.path)
            target.query = ref.query
        } else {
            target.authority = baseParts.authority
            if ref.path.isEmpty {
                target.path = baseParts.path
                target.query = ref.query ?? baseParts.query
            } else {
                if ref.path.hasPrefix("/") {
                    target.path = removeDotSegments(ref.path)
                } else {
                    target.path = removeDotSegments(merge(base: baseParts, path: ref.path))
                }
                target.query = ref.query
            }
        }
        target.fragment = ref.fragment
        var result = ""
        if let scheme = target.scheme { result += scheme + ":" }
        if let authority = target.authority { result += "//" + authority }
        result += target.path
        if let query = target.query { result += "?" + query }
        if let fragment = target.fragment { result += "#" + fragment }
        return result
    }

    private static func merge(base: Parts, path: String) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    private static func removeDotSegments(_ path: String) -> String {
        var input = Substring(path)
        var output: [Substring] = []
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                if !output.isEmpty { output.removeLast() }
            } else if input == "/.." {
                input = "/"
                if !output.isEmpty { output.removeLast() }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let start = input.startIndex
                let searchFrom = input.hasPrefix("/") ? input.index(after: start) : start
                let end = input[searchFrom...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[start..<end])
                input = input[end...]
            }
        }
        return output.joined()
    }
}
