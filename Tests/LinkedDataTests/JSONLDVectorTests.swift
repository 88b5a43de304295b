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
