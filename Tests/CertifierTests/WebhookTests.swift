import Outbox
import Certifier
import Foundation
import Testing
import Secrets

@Suite("Certifier webhooks")
struct WebhookTests {
    let verifier = WebhookSignatureVerifier(secret: Secret("whsec_test"))
    let body = Array(#"{"id":"01jmyw7nvtk2372kwn572mwfq7","type":"credential.created","createdAt":"2025-02-25T15:39:59.680Z","data":{"resource":{"id":"01jmyw4zyyrtyntqcevy2zmbnf","type":"credential"}}}"#.utf8)

    @Test("HMAC-SHA256 matches RFC 4231 test case 2 and verifies in either hex case")
    func knownAnswer() throws {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        let jefe = WebhookSignatureVerifier(secret: Secret("Jefe"))
        let data = Array("what do ya want for nothing?".utf8)
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(jefe.signature(for: data) == expected)
        try jefe.verify(body: data, header: expected)
        try jefe.verify(body: data, header: expected.uppercased())
    }

    @Test("a missing, malformed or wrong signature is refused; one changed byte breaks it")
    func rejectsBadSignatures() throws {
        let good = verifier.signature(for: body)
        try verifier.verify(body: body, header: good)
        #expect(throws: WebhookError.missingSignature) { try verifier.verify(body: body, header: nil) }
        #expect(throws: WebhookError.missingSignature) { try verifier.verify(body: body, header: "") }
        #expect(throws: WebhookError.badSignature) { try verifier.verify(body: body, header: "zz" + good.dropFirst(2)) }
        #expect(throws: WebhookError.badSignature) { try verifier.verify(body: body, header: String(good.dropLast(2))) }
        var tampered = body
        tampered[10] ^= 1
        #expect(throws: WebhookError.badSignature) { try verifier.verify(body: tampered, header: good) }
        let other = WebhookSignatureVerifier(secret: Secret("another"))
        #expect(throws: WebhookError.badSignature) { try other.verify(body: body, header: good) }
    }

    @Test("the documented envelope decodes; missing fields are named")
    func envelope() throws {
        let envelope = try WebhookEnvelope.decode(body)
        #expect(envelope.id == "01jmyw7nvtk2372kwn572mwfq7")
        #expect(envelope.data.resource.id == "01jmyw4zyyrtyntqcevy2zmbnf")
        #expect(envelope.isCredentialEvent)
        let unknown = WebhookEnvelope(id: "e", type: "group.updated", resource: .init(id: "g", type: "group"))
        #expect(!unknown.isCredentialEvent)
        #expect(throws: WebhookError.malformedEnvelope("missing field 'data.resource.id'")) {
            try WebhookEnvelope.decode(Array(#"{"id":"e","type":"credential.created","data":{"resource":{"type":"credential"}}}"#.utf8))
        }
    }

    @Test("secrets never show in descriptions")
    func secretRedacted() {
        let secret = Secret("super-secret-value")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect(!WebhookError.badSignature.description.contains("super"))
    }

    @Test("Retry-After reads delay-seconds and HTTP-dates")
    func retryAfter() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse(nil, now: now) == nil)
    }
}
