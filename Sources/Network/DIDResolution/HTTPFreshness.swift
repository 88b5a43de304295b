import Foundation
import NIOHTTP1

/// How long a fetched document may be used without asking again (RFC 9111, the parts a client
/// cache needs): `Cache-Control` `no-store`, `no-cache`, `s-maxage`, `max-age`, `must-revalidate`,
/// else `Expires` against `Date`, less `Age`; a default when the server says nothing; never past the ceiling.
struct HTTPFreshness: Sendable, Equatable {
    /// Whether the response may be kept at all (`no-store` says no).
    var storable: Bool
    /// Seconds it is fresh from now (0: revalidate before every use).
    var seconds: Int
    /// `must-revalidate`: once stale it must not be used without a successful revalidation.
    var mustRevalidate: Bool

    /// Reads the caching headers of a response received at `now`.
    static func of(_ headers: HTTPHeaders, now: Date, defaultSeconds: Int, ceilingSeconds: Int) -> HTTPFreshness {
        let directives = Self.directives(headers[canonicalForm: "cache-control"].map(String.init))
        let mustRevalidate = directives["must-revalidate"] != nil || directives["proxy-revalidate"] != nil
        if directives["no-store"] != nil { return HTTPFreshness(storable: false, seconds: 0, mustRevalidate: mustRevalidate) }
        var lifetime: Int
        if directives["no-cache"] != nil {
            lifetime = 0
        } else if let shared = directives["s-maxage"].flatMap(Self.seconds) {
            lifetime = shared
        } else if let maxAge = directives["max-age"].flatMap(Self.seconds) {
            lifetime = maxAge
        } else if let expiresText = headers.first(name: "expires") {
            // An Expires that cannot be read means "already expired" (RFC 9111 §5.3).
            let date = headers.first(name: "date").flatMap(Self.httpDate) ?? now
            lifetime = Self.httpDate(expiresText).map { Int($0.timeIntervalSince(date).rounded(.down)) } ?? 0
        } else {
            lifetime = defaultSeconds
        }
        let age = headers.first(name: "age").flatMap(Self.seconds) ?? 0
        lifetime = min(max(0, lifetime - age), ceilingSeconds)
        return HTTPFreshness(storable: true, seconds: lifetime, mustRevalidate: mustRevalidate)
    }

    /// `name[=value]` pairs of every Cache-Control line, names lower-cased, quotes removed.
    static func directives(_ lines: [String]) -> [String: String] {
        var found: [String: String] = [:]
        for line in lines {
            for part in line.split(separator: ",") {
                let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let name = pieces.first?.lowercased(), !name.isEmpty else { continue }
                var value = pieces.count > 1 ? pieces[1] : ""
                if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                // The first occurrence wins when a directive repeats (conflicting lines).
                if found[name] == nil { found[name] = value }
            }
        }
        return found
    }

    /// A delta-seconds value; an invalid or negative one is ignored.
    static func seconds(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy(\.isNumber) else { return nil }
        return Int(text) ?? Int.max
    }

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form servers should send.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
