@testable import Certifier
import JSONCanonical
import Secrets
import Testing

/// ``WebhookEnvelope/decode(_:)`` reads well-formed envelopes with the gateway's JSON parser and
/// leaves the rest to `JSONDecoder`; either way the result must be `JSONDecoder`'s.
@Suite("webhook envelope reader")
struct WebhookEnvelopeReaderTests {
    static let documented =
        #"{"id":"01jmyw7nvtk2372kwn572mwfq7","type":"credential.created","createdAt":"2025-02-25T15:39:59.680Z","data":{"resource":{"id":"01jmyw4zyyrtyntqcevy2zmbnf","type":"credential"}}}"#

    /// Bodies the gateway's parser reads as envelopes: the fast path must give `JSONDecoder`'s value.
    static let wellFormed: [String] = [
        documented,
        #"{"id":"e","type":"credential.deleted","data":{"resource":{"id":"c","type":"credential"}}}"#,
        #"{"id":"e","type":"t","createdAt":null,"data":{"resource":{"id":"c","type":"credential"}}}"#,
        #"{"data":{"resource":{"type":"group","id":"g","extra":[1,2,{"x":null}]},"more":true},"type":"group.updated","id":"e2","note":1e300}"#,
        #"  {"id":"\u00e9\ud83d\ude00","type":"t\n\"q\"","data":{"resource":{"id":"c\/d","type":""}}}  "#,
        #"{"id":"","type":"","createdAt":"","data":{"resource":{"id":"","type":""}}}"#,
        "{\"id\":\"\u{00e9}\u{1F600}\",\"type\":\"t\",\"data\":{\"resource\":{\"id\":\"c\",\"type\":\"credential\"}}}",
    ]

    /// Bodies that are not envelopes (or not JSON): both paths refuse them with the same text.
    static let refused: [String] = [
        "", "null", "[]", #""text""#, "{", #"{"id":"e"} trailing"#,
        #"{"type":"t","data":{"resource":{"id":"c","type":"credential"}}}"#,
        #"{"id":"e","data":{"resource":{"id":"c","type":"credential"}}}"#,
        #"{"id":"e","type":"t"}"#,
        #"{"id":"e","type":"t","data":{}}"#,
        #"{"id":"e","type":"t","data":{"resource":{"type":"credential"}}}"#,
        #"{"id":"e","type":"t","data":{"resource":{"id":"c"}}}"#,
        #"{"id":1,"type":"t","data":{"resource":{"id":"c","type":"credential"}}}"#,
        #"{"id":"e","type":true,"data":{"resource":{"id":"c","type":"credential"}}}"#,
        #"{"id":"e","type":"t","createdAt":5,"data":{"resource":{"id":"c","type":"credential"}}}"#,
        #"{"id":"e","type":"t","data":[],"createdAt":"x"}"#,
        #"{"id":"e","type":"t","data":{"resource":"c"}}"#,
        #"{"id":"e","type":"t","data":{"resource":{"id":null,"type":"credential"}}}"#,
        #"{"id":null,"type":"t","data":{"resource":{"id":"c","type":"credential"}}}"#,
    ]

    @Test("well-formed envelopes: the fast path reads them, and to JSONDecoder's value")
    func wellFormedAgree() throws {
        for text in Self.wellFormed {
            let body = Array(text.utf8)
            let json = try JSONValue(parsing: body)
            let fast = try #require(WebhookEnvelope(wellFormed: json), "fast path refused \(text)")
            #expect(fast == (try WebhookEnvelope.decodeWithFoundation(body)), "\(text)")
            #expect(try WebhookEnvelope.decode(body) == fast)
        }
    }

    @Test("anything else: refused, with JSONDecoder's text naming the field")
    func refusalsAgree() {
        for text in Self.refused {
            let body = Array(text.utf8)
            let expected: WebhookError
            do {
                _ = try WebhookEnvelope.decodeWithFoundation(body)
                Issue.record("JSONDecoder accepted \(text)")
                continue
            } catch {
                expected = error
            }
            #expect(throws: expected, "\(text)") { try WebhookEnvelope.decode(body) }
        }
        #expect(throws: WebhookError.malformedEnvelope("missing field 'data.resource.id'")) {
            try WebhookEnvelope.decode(Array(Self.refused[10].utf8))
        }
        #expect(throws: WebhookError.malformedEnvelope("field 'createdAt' has the wrong type")) {
            try WebhookEnvelope.decode(Array(Self.refused[14].utf8))
        }
    }

    @Test("bodies the two parsers may read differently agree: duplicate members, bad UTF-8, lone surrogates")
    func parserEdgesAgree() {
        let edges: [[UInt8]] = [
            Array(#"{"id":"a","id":"b","type":"t","data":{"resource":{"id":"c","type":"credential"}}}"#.utf8),
            Array(#"{"id":"e","type":"t","data":{"resource":{"id":"c","type":"x"},"resource":{"id":"d","type":"y"}}}"#.utf8),
            Array(#"{"id":"\ud800","type":"t","data":{"resource":{"id":"c","type":"credential"}}}"#.utf8),
            Array(#"{"id":"e","type":"t","data":{"resource":{"id":"c","type":"credential"}}}"#.utf8).map { $0 == UInt8(ascii: "e") ? 0xFF : $0 },
            [0xEF, 0xBB, 0xBF] + Array(Self.documented.utf8),
            Array(#"{"id":"e\u0000","type":"t","data":{"resource":{"id":"c","type":"credential"}}}"#.utf8),
        ]
        for body in edges {
            let foundation = Result { () throws(WebhookError) in try WebhookEnvelope.decodeWithFoundation(body) }
            let ours = Result { () throws(WebhookError) in try WebhookEnvelope.decode(body) }
            #expect(ours == foundation, "\(String(decoding: body, as: UTF8.self))")
        }
    }

    @Test("a signature header is trimmed of spaces and tabs, ASCII or not, as before")
    func signatureHeaderTrim() throws {
        let verifier = WebhookSignatureVerifier(secret: Secret("s"))
        let body = Array(Self.documented.utf8)
        let good = verifier.signature(for: body)
        for header in [good, " \(good)", "\(good)\t", "\t \(good)  ", "\u{00A0}\(good)", "\(good)\u{2003}", "sha256=\(good)", " sha256=\(good) "] {
            try verifier.verify(body: body, header: header)
        }
        #expect(WebhookSignatureVerifier.hasNoOuterWhitespace(good))
        #expect(!WebhookSignatureVerifier.hasNoOuterWhitespace(" \(good)"))
        #expect(!WebhookSignatureVerifier.hasNoOuterWhitespace("\(good)\t"))
        #expect(!WebhookSignatureVerifier.hasNoOuterWhitespace("\u{00A0}\(good)"))
        #expect(throws: WebhookError.badSignature) { try verifier.verify(body: body, header: "\n\(good)") }
    }
}
