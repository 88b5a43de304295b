import ArgumentParser
import Credentials
import Foundation
import LinkedDataSuites
import Mapping
import Pipeline

/// `certbridge profiles`: check mapping profiles and run their fixtures.
struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "Check mapping profiles and run their fixtures.",
        subcommands: [ProfilesLintCommand.self, ProfilesTestCommand.self]
    )
}

/// `certbridge profiles lint [dir]`.
struct ProfilesLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Load every profile and report all errors and warnings with file:line:column."
    )

    @Argument(help: "Directory of mapping profiles.")
    var directory: String = "mappings"

    @Option(name: .long, help: "Check the profiles' terms as `convert --suite NAME` would sign them.")
    var suite: String?

    /// The suites a profile's `proof.cryptosuite` may name: those the signers know.
    static var cryptosuites: Set<String> { Set(CryptosuiteRegistry.withLinkedData.names) }

    /// The load warnings and the JSON-LD processor's findings; where both name one place, the
    /// processor's (it knows scoping, and its severity follows the profile's suite) replaces the
    /// term-set warning.
    static func diagnostics(_ set: ProfileSet, suite: String?) -> [ProfileDiagnostic] {
        let processor = LinkedDataLint.diagnostics(for: set, override: suite)
        let named = Set(processor.map(\.location))
        return (set.warnings.filter { $0.kind != .undefinedTerm || !named.contains($0.location) } + processor).sorted()
    }

    func validate() throws {
        if let suite, !Self.cryptosuites.contains(suite) {
            throw ValidationError("--suite \(suite): unknown; known: \(Self.cryptosuites.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        do {
            let set = try ProfileLoader.load(directory: URL(fileURLWithPath: directory), cryptosuites: Self.cryptosuites)
            let diagnostics = Self.diagnostics(set, suite: suite)
            for diagnostic in diagnostics { print(diagnostic) }
            let errors = diagnostics.filter { $0.severity == .error }.count
            guard errors == 0 else {
                print("\(errors) error(s), \(diagnostics.count - errors) warning(s)")
                throw ExitCode(1)
            }
            print("\(set.profiles.count) profile(s) OK, \(diagnostics.count) warning(s)")
        } catch let error as ProfileLoadError {
            for diagnostic in error.diagnostics { print(diagnostic) }
            print("\(error.errors.count) error(s), \(error.diagnostics.count - error.errors.count) warning(s)")
            throw ExitCode(1)
        }
    }
}

/// `certbridge profiles test [dir]`.
struct ProfilesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the fixtures in <dir>/fixtures against the profiles; show a diff on mismatch."
    )

    @Argument(help: "Directory of mapping profiles.")
    var directory: String = "mappings"

    func run() throws {
        let url = URL(fileURLWithPath: directory)
        let set: ProfileSet
        do {
            set = try ProfileLoader.load(directory: url)
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic) }
            throw ExitCode(1)
        }
        let suite: FixtureSuite
        do {
            suite = try FixtureSuite(profilesDirectory: url)
        } catch {
            print(error.description)
            throw ExitCode(1)
        }
        let results = suite.run(with: set)
        for result in results {
            if let problem = result.problem {
                print("FAIL \(result.name)\n\(problem)")
            } else {
                print("ok   \(result.name)")
            }
        }
        let failed = results.filter { $0.problem != nil }.count
        print("\(results.count - failed) passed, \(failed) failed")
        if failed > 0 || results.isEmpty { throw ExitCode(1) }
    }
}
