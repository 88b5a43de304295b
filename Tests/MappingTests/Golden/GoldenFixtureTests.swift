import Foundation
import JSONCanonical
import Testing
import TestSupport
@testable import Mapping

/// The shipped profiles against their golden files (the same fixtures `certbridge profiles test` runs).
@Suite("Golden: shipped profiles and fixtures")
struct GoldenFixtureTests {
    static let directory = SharedVectors.repositoryFile("mappings")

    static let caseNames: [String] = (try? FixtureSuite(profilesDirectory: directory).cases.map(\.name)) ?? []

    @Test("the shipped profiles load without errors or warnings")
    func shippedProfilesLoad() throws {
        let set = try ProfileLoader.load(directory: Self.directory)
        #expect(set.profiles.map(\.name).sorted() == ["course-certificate-tsg", "course-certificate-v2", "open-badge-achievement"])
        #expect(set.warnings.isEmpty, "\(set.warnings)")
    }

    @Test("every fixture case matches its golden file", arguments: caseNames)
    func fixture(_ name: String) throws {
        let set = try ProfileLoader.load(directory: Self.directory)
        let suite = try FixtureSuite(profilesDirectory: Self.directory)
        let fixture = try #require(suite.cases.first { $0.name == name })
        let result = fixture.run(with: set, issuer: suite.issuer, now: suite.now)
        #expect(result.problem == nil, "\(result.problem ?? "")")
    }

    @Test("there are fixtures for each shipped profile and for failures")
    func coverage() {
        #expect(Self.caseNames.count >= 8)
        #expect(Self.caseNames.contains { $0.hasPrefix("tsg-") } && Self.caseNames.contains { $0.hasPrefix("v2-") } && Self.caseNames.contains { $0.hasPrefix("ob3-") })
    }

    @Test("a changed golden file is reported with a readable diff")
    func mismatchDiff() throws {
        let set = try ProfileLoader.load(directory: Self.directory)
        let suite = try FixtureSuite(profilesDirectory: Self.directory)
        let fixture = try #require(suite.cases.first { $0.name == "tsg-lookup-holder-no-expiry" })
        guard case .credential(let golden) = fixture.expectation else {
            Issue.record("expected a credential fixture")
            return
        }
        var altered = fixture
        altered.expectation = .credential(golden.replacingOccurrences(of: "Zoë Müller", with: "Zoe Muller"))
        let problem = try #require(altered.run(with: set, issuer: suite.issuer, now: suite.now).problem)
        #expect(problem.contains(#"-     "name": "Zoe Muller","#))
        #expect(problem.contains(#"+     "name": "Zoë Müller","#))
    }

    @Test("the same Certifier credential always yields the same VC id; the clock does not change it")
    func deterministicID() throws {
        let set = try ProfileLoader.load(directory: Self.directory)
        let input = try JSONValue(parsing: Array(try Data(contentsOf: Self.directory.appendingPathComponent("fixtures/tsg-lookup-holder-no-expiry/input.json"))))
        guard case .mapped(let first, _) = set.map(input, issuer: "did:web:a", now: Date(timeIntervalSince1970: 0)),
            case .mapped(let second, _) = set.map(input, issuer: "did:web:a", now: Date())
        else {
            Issue.record("did not map")
            return
        }
        #expect(first["id"] == second["id"])
        #expect(first["id"] == "https://certbridge.example.org/credentials/bd313a15-b9ab-5ce0-81a8-8e08ddca7005")
    }
}
