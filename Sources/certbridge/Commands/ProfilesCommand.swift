import ArgumentParser
import Credentials
import Foundation
import LinkedDataSuites
import Mapping

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

    /// The suites a profile's `proof.cryptosuite` may name: those the signers know.
    static var cryptosuites: Set<String> { Set(CryptosuiteRegistry.withLinkedData.names) }

    func run() throws {
        do {
            let set = try ProfileLoader.load(directory: URL(fileURLWithPath: directory), cryptosuites: Self.cryptosuites)
            for warning in set.warnings { print(warning) }
            print("\(set.profiles.count) profile(s) OK, \(set.warnings.count) warning(s)")
        } catch {
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
