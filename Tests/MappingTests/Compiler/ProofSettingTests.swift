import Testing
import TestSupport
@testable import Mapping

/// `proof: { cryptosuite: NAME }`: compiled at load, every mistake with its position.
@Suite("Compiler: proof.cryptosuite")
struct ProofSettingTests {
    /// The names a registry like the shipped one gives the loader (PipelineTests hold the real
    /// registry to these: Mapping knows no suite).
    static let names = CryptosuiteNames(
        all: ["eddsa-jcs-2022", "ecdsa-jcs-2019", "eddsa-rdfc-2022", "ecdsa-rdfc-2019", "JsonWebSignature2020"],
        tsgForm: ["eddsa-jcs-2022", "ecdsa-jcs-2019"])

    func load(_ extra: String, file: String = "p.yaml") throws(ProfileLoadError) -> ProfileSet {
        try ProfileLoader.load(sources: [(file, profileText(value: "{{ id }}", extra: extra))], cryptosuites: Self.names)
    }

    func errors(_ extra: String) -> [ProfileDiagnostic] {
        do {
            _ = try load(extra)
            return []
        } catch {
            return error.errors
        }
    }

    func position(of needle: String, in extra: String) -> Mapping.SourceLocation? {
        let text = profileText(value: "{{ id }}", extra: extra)
        guard let line = line(of: needle, in: text), let column = column(of: needle, line: line, in: text) else { return nil }
        return Mapping.SourceLocation(file: "p.yaml", line: line, column: column)
    }

    @Test("a known suite is compiled into the profile with where it is written")
    func known() throws {
        let extra = "proof:\n  cryptosuite: eddsa-rdfc-2022"
        let profile = try #require(try load(extra).profiles.first)
        #expect(profile.proof?.cryptosuite == "eddsa-rdfc-2022")
        #expect(profile.proof?.location == position(of: "eddsa-rdfc-2022", in: extra))
    }

    @Test("no proof key leaves the choice to the key's default")
    func absent() throws {
        #expect(try load("").profiles.first?.proof == nil)
    }

    @Test("an unknown suite name is a load error at the name, listing the known suites")
    func unknownSuite() throws {
        let extra = "proof:\n  cryptosuite: eddsa-rdfc-2023"
        let found = errors(extra)
        let error = try #require(found.first, "expected an error")
        #expect(found.count == 1)
        #expect(error.kind == .badValue)
        #expect(error.location == position(of: "eddsa-rdfc-2023", in: extra))
        #expect(error.message.contains("unknown cryptosuite 'eddsa-rdfc-2023'"))
        #expect(error.message.contains("JsonWebSignature2020, ecdsa-jcs-2019, ecdsa-rdfc-2019, eddsa-jcs-2022, eddsa-rdfc-2022"))
        #expect(error.description.hasPrefix("p.yaml:\(error.location.line):\(error.location.column): error: bad value"))
    }

    @Test("the caller's registry decides which names are known")
    func callerNames() throws {
        let text = profileText(value: "{{ id }}", extra: "proof:\n  cryptosuite: eddsa-rdfc-2022")
        #expect(throws: ProfileLoadError.self) {
            try ProfileLoader.load(sources: [("p.yaml", text)], cryptosuites: CryptosuiteNames(all: ["eddsa-jcs-2022"], tsgForm: []))
        }
    }

    @Test("proof must be a mapping; cryptosuite one name; other keys are unknown")
    func shapes() {
        #expect(errors("proof: eddsa-rdfc-2022").map(\.kind) == [.typeError])
        #expect(errors("proof:\n  cryptosuite: [eddsa-rdfc-2022]").map(\.kind) == [.typeError])
        let extra = "proof:\n  cryptosuite: eddsa-rdfc-2022\n  purpose: x"
        let unknown = errors(extra)
        #expect(unknown.map(\.kind) == [.unknownKey])
        #expect(unknown.first?.location == position(of: "purpose", in: extra))
    }

    @Test("a profile inherits proof through extends and may override it")
    func inherited() throws {
        let base = "name: base\nabstract: true\nproof:\n  cryptosuite: JsonWebSignature2020\n"
        let child = profileText(value: "{{ id }}", extra: "extends: base")
        let other = profileText(value: "{{ id }}", extra: "extends: base\nproof:\n  cryptosuite: ecdsa-rdfc-2019\nmatch:\n  groupId: other")
            .replacingOccurrences(of: "name: t", with: "name: u")
        let set = try ProfileLoader.load(sources: [("base.yaml", base), ("t.yaml", child), ("u.yaml", other)])
        #expect(set.profile(named: "t")?.proof?.cryptosuite == "JsonWebSignature2020")
        #expect(set.profile(named: "u")?.proof?.cryptosuite == "ecdsa-rdfc-2019")
    }
}
