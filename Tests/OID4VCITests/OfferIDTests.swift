import Foundation
import Testing

@testable import OID4VCI

/// Offer ids go on command lines (`certbridge offers revoke ID`): one starting with '-' would be
/// read as an option ("Missing expected argument <id>").
@Suite("offer ids")
struct OfferIDTests {
    static let base64url = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    @Test("an offer id starts with a letter or digit, is 43 base64url characters and is never repeated")
    func generated() {
        // A plain base64url token starts with '-' or '_' once in 32 draws; 4,000 draws miss that with
        // a chance of about e^-125.
        let ids = (0..<4_000).map { _ in IssuerSecrets.offerID() }
        #expect(ids.allSatisfy { $0.first.map { $0.isASCII && ($0.isLetter || $0.isNumber) } == true })
        #expect(ids.allSatisfy { $0.count == 43 && $0.allSatisfy(Self.base64url.contains) })
        #expect(Set(ids).count == ids.count)
        // The rest stays base64url: '-' and '_' still occur after the first character.
        #expect(ids.contains { $0.dropFirst().contains("-") || $0.dropFirst().contains("_") })
    }

    @Test("the destination makes its offers with those ids")
    func destinationUsesThem() async throws {
        // The suite instance owns the rig's folder and removes it when it goes.
        let suite = IssuerServiceTests()
        let rig = try await suite.rig()
        for revision in 0..<150 {
            _ = await rig.destination.deliver(IssuerServiceTests.delivery("urn:uuid:vc-\(revision)", revision: revision))
        }
        let offers = try await rig.service.book.offers(sourceId: "cert-1")
        #expect(offers.count == 150)
        // With plain tokens, 150 offers include one starting with '-' or '_' but for a 0.9% chance.
        #expect(offers.allSatisfy { $0.id.first.map { $0.isLetter || $0.isNumber } == true })
        withExtendedLifetime(suite) {}
    }
}
