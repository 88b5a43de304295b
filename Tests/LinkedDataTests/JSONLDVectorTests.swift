import Foundation
import JSONCanonical
import LinkedData
import TestSupport
import Testing

/// A published document whose RDFC-1.0 canonical form is known.
struct CanonVector: Sendable, CustomTestStringConvertible {
    var input: String
    var expected: String
    var testDescription: String { "\(input) -> \(expected)" }

    /// The vectors whose inputs and contexts are available offline.
    static let all: [CanonVector] = [
        .init(input: "eddsa-rdfc-2022/unsigned.json", expected: "eddsa-rdfc-2022/canonDocDataInt.txt"),
        .init(input: "eddsa-rdfc-2022/proofConfigDataInt.json", expected: "eddsa-rdfc-2022/proofCanonDataInt.txt"),
        .init(input: "ecdsa-rdfc-2019/unsigned.json", expected: "ecdsa-rdfc-2019/p256/canonDocECDSAP256.txt"),
        .init(input: "ecdsa-rdfc-2019/p256/proofConfigECDSAP256.json", expected: "ecdsa-rdfc-2019/p256/proofCanonECDSAP256.txt"),
        .init(input: "ecdsa-rdfc-2019/unsigned.json", expected: "ecdsa-rdfc-2019/p384/canonDocECDSAP384.txt"),
        .init(input: "ecdsa-rdfc-2019/p384/proofConfigECDSAP384.json", expected: "ecdsa-rdfc-2019/p384/proofCanonECDSAP384.txt"),
    ]
}

@Suite("JSON-LD to RDFC-1.0: published canonical forms")
struct JSONLDVectorTests {
    @Test("canonical N-Quads match byte for byte", arguments: CanonVector.all)
    func canonicalForm(_ vector: CanonVector) throws {
        let document = try JSONValue(parsing: Array(SharedVectors.data(vector.input)))
        let expected = try SharedVectors.data(vector.expected)
        let actual = try JSONLDProcessor().canonicalize(document).nquads
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(actual == Array(expected))
    }
}

/// Open Badges 3.0: the published canonical forms come without their input documents, so the
/// input here is reconstructed (Tests/LinkedDataTests/Fixtures/obv3p0-credential.json, written
/// from the OB 3.0 example credential); a byte-for-byte match checks the OB context processing.
@Suite("Open Badges 3.0 canonical forms (reconstructed input)")
struct OpenBadgesVectorTests {
    func credential() throws -> JSONValue {
        try JSONValue(parsing: Array(Data(contentsOf: SharedVectors.repositoryFile("Tests/LinkedDataTests/Fixtures/obv3p0-credential.json"))))
    }

    @Test("the OB 3.0 credential canonicalises to obv3p0/document-canon.txt")
    func document() throws {
        let actual = try JSONLDProcessor().canonicalize(credential()).nquadsString
        #expect(actual == (try SharedVectors.text("openbadges/obv3p0/document-canon.txt")))
    }

    @Test("its eddsa-rdfc-2022 proof configuration canonicalises to obv3p0/proof-canon.txt")
    func proofConfiguration() throws {
        var options: JSONObject = [
            "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2010-01-01T19:23:24Z",
            "verificationMethod": "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
            "proofPurpose": "assertionMethod",
        ]
        options["@context"] = try credential()["@context"]
        let actual = try JSONLDProcessor().canonicalize(.object(options)).nquadsString
        #expect(actual == (try SharedVectors.text("openbadges/obv3p0/proof-canon.txt")))
    }
}
