import Foundation
import JSONCanonical

/// Golden fixtures: Certifier input -> expected unsigned VC (or expected outcome), per case folder.
///
/// Layout: `<profiles>/fixtures/fixtures.yaml` (`issuer:`, `now:`) and one folder per case with
/// `input.json` and either `expected.json` (the exact VC, member order included) or
/// `expected-outcome.txt` (first line `failed` or `no profile matched`, further lines text the
/// reason must contain), and optionally `revision.txt` (the credential's revision, 0 when absent:
/// how a re-issued credential maps). `profiles test` and the golden tests both run these.
public struct FixtureSuite: Sendable {
    /// The issuer used for every case.
    public var issuer: String
    /// The clock reading used for every case.
    public var now: Date
    /// The cases, sorted by name.
    public var cases: [FixtureCase]

    /// Reads `<directory>/fixtures`.
    public init(profilesDirectory directory: URL) throws(FixtureError) {
        let root = directory.appendingPathComponent("fixtures")
        let settingsURL = root.appendingPathComponent("fixtures.yaml")
        guard let data = FileManager.default.contents(atPath: settingsURL.path) else {
            throw FixtureError(message: "no fixture settings at \(settingsURL.path)")
        }
        guard case .success(let settings) = YAMLReader.read(String(decoding: data, as: UTF8.self), file: settingsURL.path),
            let issuer = settings["issuer"]?.scalarText, let nowText = settings["now"]?.scalarText,
            let now = DateTimeValue(parsing: nowText)
        else {
            throw FixtureError(message: "\(settingsURL.path) needs issuer: <DID> and now: <date-time with zone>")
        }
        self.issuer = issuer
        self.now = Date(timeIntervalSince1970: TimeInterval(now.epochSeconds))
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
        var cases: [FixtureCase] = []
        for name in names {
            let folder = root.appendingPathComponent(name)
            guard let input = FileManager.default.contents(atPath: folder.appendingPathComponent("input.json").path) else { continue }
            cases.append(try FixtureCase(name: name, folder: folder, input: input))
        }
        self.cases = cases
    }

    /// Runs every case against the profiles.
    /// Runs every case; `forms` holds the destination kinds' rules that mapped credentials must meet.
    public func run(with profiles: ProfileSet, forms: CredentialForms = CredentialForms()) -> [FixtureResult] {
        cases.map { $0.run(with: profiles, issuer: issuer, now: now, forms: forms) }
    }
}

/// One fixture case.
public struct FixtureCase: Sendable {
    /// What the case expects.
    public enum Expectation: Sendable {
        /// This exact document (pretty-printed text, member order included).
        case credential(String)
        /// An outcome kind and text its reason must contain.
        case outcome(kind: String, contains: [String])
    }

    /// The folder name.
    public var name: String
    /// The Certifier credential.
    public var input: JSONValue
    /// The expectation.
    public var expectation: Expectation
    /// The revision the case maps as (`revision.txt`; 0 when absent).
    public var revision: Int

    init(name: String, folder: URL, input: Data) throws(FixtureError) {
        self.name = name
        do {
            self.input = try JSONValue(parsing: Array(input))
        } catch {
            throw FixtureError(message: "\(name)/input.json: \(error)")
        }
        revision = 0
        if let text = FileManager.default.contents(atPath: folder.appendingPathComponent("revision.txt").path) {
            let trimmed = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let number = Int(trimmed), number >= 0 else {
                throw FixtureError(message: "\(name)/revision.txt: must be a whole number ≥ 0, got '\(trimmed)'")
            }
            revision = number
        }
        if let expected = FileManager.default.contents(atPath: folder.appendingPathComponent("expected.json").path) {
            do {
                expectation = .credential(try JSONValue(parsing: Array(expected)).prettyString)
            } catch {
                throw FixtureError(message: "\(name)/expected.json: \(error)")
            }
        } else if let outcome = FileManager.default.contents(atPath: folder.appendingPathComponent("expected-outcome.txt").path) {
            let lines = String(decoding: outcome, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
            expectation = .outcome(kind: lines.first ?? "", contains: Array(lines.dropFirst()))
        } else {
            throw FixtureError(message: "\(name): needs expected.json or expected-outcome.txt")
        }
    }

    /// Maps the input and compares with the expectation.
    public func run(with profiles: ProfileSet, issuer: String, now: Date, forms: CredentialForms = CredentialForms())
        -> FixtureResult
    {
        let outcome = profiles.map(input, issuer: issuer, now: now, forms: forms, revision: revision)
        let (kind, text): (String, String) =
            switch outcome {
            case .mapped(let document, _): ("mapped", document.prettyString)
            case .noProfileMatched(let reason): ("no profile matched", reason)
            case .failed(let error, _): ("failed", error.description)
            }
        switch expectation {
        case .credential(let expected):
            guard kind == "mapped" else { return FixtureResult(name: name, problem: "expected a credential, got \(kind): \(text)") }
            guard text == expected else { return FixtureResult(name: name, problem: "output differs from expected.json (- expected, + actual):\n" + LineDiff.render(expected: expected, actual: text)) }
        case .outcome(let expectedKind, let fragments):
            guard kind == expectedKind else { return FixtureResult(name: name, problem: "expected \(expectedKind), got \(kind): \(text)") }
            for fragment in fragments where !text.contains(fragment) {
                return FixtureResult(name: name, problem: "the \(kind) reason does not contain \"\(fragment)\"; it is: \(text)")
            }
        }
        return FixtureResult(name: name, problem: nil)
    }
}

/// The result of one case: `problem` is `nil` when it passed.
public struct FixtureResult: Sendable {
    /// The case name.
    public var name: String
    /// What differs, with a readable diff, or `nil`.
    public var problem: String?
}

/// The fixtures cannot be read.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the file.
    public var message: String
    /// The message.
    public var description: String { message }
}
