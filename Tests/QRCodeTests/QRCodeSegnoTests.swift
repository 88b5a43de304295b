import Foundation
import QRCode
import Testing
import TestSupport

/// An encoder certbridge did not write, Python's segno (`Testing/Scripts/qr_reference.py`),
/// draws the same symbols as ours, module for module: every version at its full capacity and a
/// sample of texts, with every mask and with the mask each encoder chooses. `.ci/run` installs
/// segno when missing.
///
/// The script corrects one segno deviation from ISO/IEC 18004 (an extra 0x00 codeword before
/// the pad codewords; see the script). segno scores the masks before writing the format and
/// version information, as ours does (QRCode.bestMask(for:)). Its N3 search skips a 1:1:3:1:1
/// pattern that shares its first dark module with the previous one (ours counts both, see
/// QRCodeUnitTests.penaltyRules); none of the symbols here has such a pair deciding the mask.
@Suite("segno draws the same QR codes")
struct QRCodeSegnoTests {
    struct Request: Encodable {
        var text: String
        var version: Int?
        var mask: Int?
    }

    struct Symbol: Equatable, CustomStringConvertible {
        var version: Int
        var mask: Int
        var rows: [String]
        var description: String { "version \(version), mask \(mask)" }
    }

    struct PythonFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// segno's symbols for `requests`, in one run of the script.
    static func segno(_ requests: [Request]) async throws -> [Symbol] {
        let script = SharedVectors.repositoryFile("Testing/Scripts/qr_reference.py").path
        let encoder = JSONEncoder()
        var input = Data()
        for request in requests {
            input.append(try encoder.encode(request))
            input.append(0x0A)
        }
        let run = try await BuiltExecutable.run(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", script], stdin: input)
        guard run.status == 0 else {
            throw PythonFailure(description: "qr_reference.py exited \(run.status) (is segno installed? python3 -m pip install segno): \(run.stderr)")
        }
        let lines = run.stdout.split(separator: "\n")
        guard lines.count == requests.count else {
            throw PythonFailure(description: "qr_reference.py answered \(lines.count) of \(requests.count) requests: \(run.stderr)")
        }
        return try lines.map { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count > 2, let version = Int(fields[0]), let mask = Int(fields[1]) else {
                throw PythonFailure(description: "unexpected line from qr_reference.py: \(line.prefix(80))")
            }
            return Symbol(version: version, mask: mask, rows: Array(fields[2...]))
        }
    }

    static func ours(_ request: Request) throws -> Symbol {
        let code = try QRCode.encode(request.text, version: request.version, mask: request.mask)
        return Symbol(version: code.version, mask: code.mask, rows: code.modules.map { row in row.map { $0 ? "1" : "0" }.joined() })
    }

    /// Compares every request; returns how many symbols were equal.
    @discardableResult
    static func compare(_ requests: [Request]) async throws -> Int {
        let expected = try await segno(requests)
        var equal = 0
        for (request, reference) in zip(requests, expected) {
            let symbol = try ours(request)
            let what = "\(request.text.utf8.count) bytes, version \(request.version.map(String.init) ?? "auto"), mask \(request.mask.map(String.init) ?? "auto")"
            #expect(symbol.version == reference.version, "\(what): version")
            #expect(symbol.mask == reference.mask, "\(what): mask")
            let differing = zip(symbol.rows, reference.rows).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            #expect(symbol.rows.count == reference.rows.count && differing.isEmpty, "\(what): rows \(differing.prefix(10)) differ from segno's")
            if symbol == reference { equal += 1 }
        }
        return equal
    }

    @Test("every version 1–40 at its full byte capacity: smallest version and chosen mask as segno's")
    func fullCapacityEveryVersion() async throws {
        let requests = QRCodeTestTexts.byteCapacity.map { Request(text: QRCodeTestTexts.mixed(bytes: $0)) }
        // The automatic version must be the one whose capacity is exactly the text's length.
        for (index, request) in requests.enumerated() {
            #expect(try QRCode.encode(request.text).version == index + 1)
        }
        #expect(try await Self.compare(requests) == 40)
    }

    @Test("full capacity with every mask 0–7, for versions across the range (format and version information, alignment, blocks)")
    func fullCapacityEveryMask() async throws {
        var requests: [Request] = []
        for version in [1, 2, 3, 6, 7, 10, 14, 21, 27, 34, 40] {
            let text = QRCodeTestTexts.mixed(bytes: QRCodeTestTexts.byteCapacity[version - 1])
            for mask in 0...7 { requests.append(Request(text: text, version: version, mask: mask)) }
        }
        #expect(try await Self.compare(requests) == requests.count)
    }

    @Test("sample texts (UTF-8, offers, pad codewords) with the automatic mask and every mask")
    func sampleTexts() async throws {
        let texts = [
            "", "a", "é", "日本語", "😀👍🏽", "Zoë — naïve café, 東京 🚀", QRCodeTestTexts.offerURL, QRCodeTestTexts.longOfferURL,
            String(repeating: "x", count: 100), String(repeating: "ü", count: 600),
        ]
        var requests: [Request] = []
        for text in texts {
            requests.append(Request(text: text))
            for mask in 0...7 { requests.append(Request(text: text, mask: mask)) }
        }
        // A forced version larger than needed: many pad codewords.
        requests.append(Request(text: QRCodeTestTexts.offerURL, version: 25))
        requests.append(Request(text: "é", version: 12, mask: 4))
        #expect(try await Self.compare(requests) == requests.count)
    }
}
