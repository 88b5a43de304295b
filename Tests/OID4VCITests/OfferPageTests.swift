import Foundation
import Secrets
import Testing

@testable import OID4VCI

/// The offer page: its link, its QR code, no script, escaping.
@Suite struct OfferPageTests {
    @Test func deepLinkPercentEncodesTheOfferURI() {
        let link = OfferPage.deepLink(offerURI: "https://issuer.example/offers/abc/credential-offer")
        #expect(link == "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fissuer.example%2Foffers%2Fabc%2Fcredential-offer")
    }

    @Test func openPageShowsNameIssuerQRAndLink() {
        let link = OfferPage.deepLink(offerURI: "https://issuer.example/offers/abc/credential-offer")
        let page = OfferPage.open(title: "Course <Certificate>", issuer: "ACME & Co", deepLink: link, expires: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(page.contains("<svg"))
        #expect(page.contains("href=\"\(link)\""))
        #expect(page.contains("Course &lt;Certificate&gt;"))
        #expect(page.contains("ACME &amp; Co"))
        #expect(page.contains("2027-01-15"))
        #expect(!page.lowercased().contains("<script"))
    }

    @Test func securityHeadersForbidScript() {
        let policy = OfferPage.securityHeaders["Content-Security-Policy"] ?? ""
        #expect(policy.contains("default-src 'none'"))
        #expect(!policy.contains("script-src"))
        #expect(OfferPage.securityHeaders["Referrer-Policy"] == "no-referrer")
    }

    @Test func closedPagesSayWhy() {
        #expect(OfferPage.closed(.redeemed).contains("redeemed already"))
        #expect(OfferPage.closed(.superseded).contains("newer version"))
        #expect(OfferPage.closed(.locked).contains("too many wrong"))
    }
}

/// Codes, tokens and their comparison.
@Suite struct IssuerSecretsTests {
    @Test func tokensAreLongAndDistinct() {
        let tokens = (0..<200).map { _ in IssuerSecrets.token() }
        #expect(Set(tokens).count == 200)
        #expect(tokens.allSatisfy { $0.count == 43 && !$0.contains("=") && !$0.contains("+") && !$0.contains("/") })
    }

    @Test func numericCodes() {
        let codes = (0..<100).map { _ in IssuerSecrets.numericCode(length: 6) }
        #expect(codes.allSatisfy { $0.count == 6 && $0.allSatisfy(\.isNumber) })
        #expect(Set(codes).count > 90)
    }

    @Test func equalityAndDigest() {
        #expect(Secret("123456").matches("123456"))
        #expect(!Secret("123456").matches("123457"))
        #expect(!Secret("123456").matches("12345"))
        #expect(IssuerSecrets.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

/// The token request's form body.
@Suite struct FormBodyTests {
    @Test func decodesPlusAndPercent() throws {
        let form = try FormBody(Array("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&tx_code=12+34".utf8))
        #expect(form["grant_type"] == "urn:ietf:params:oauth:grant-type:pre-authorized_code")
        #expect(form["tx_code"] == "12 34")
    }

    @Test func refusesRepeatedParameters() {
        #expect(throws: FormBodyError.self) { try FormBody(Array("a=1&a=2".utf8)) }
    }
}
