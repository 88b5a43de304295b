import ArgumentParser
import Composition
import Credentials
import Destination
import Foundation
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

    @Option(name: .long, help: "Also report profile targets this gateway configuration has no destination for.")
    var config: String?

    /// The load warnings, the JSON-LD processor's findings, targets no destination kind takes
    /// (errors) and, with a configuration, targets none of its destinations takes (warnings: the
    /// gateway refuses those credentials before signing). Where the term-set check and the
    /// processor name one place, the processor's finding (it knows scoping, and its severity
    /// follows the profile's suite) replaces the term-set warning.
    static func diagnostics(_ set: ProfileSet, suite: String?, configuration: GatewayConfiguration? = nil) -> [ProfileDiagnostic] {
        let processor = LinkedDataLint.diagnostics(for: set, override: suite, linkedDataSuites: Cryptosuites.linkedDataSuites)
        let named = Set(processor.map(\.location))
        var all = set.warnings.filter { $0.kind != .undefinedTerm || !named.contains($0.location) } + processor
        all += DestinationCatalog.kinds.unknownTargets(in: set)
        if let configuration {
            let destinations = configuration.destinations.map { $0.makeDestination(context: DestinationContext(profiles: set)) }
            all += DestinationRouting(profiles: set, kinds: DestinationCatalog.kinds, destinations: destinations).diagnostics
                .filter { diagnostic in !all.contains { $0.location == diagnostic.location && $0.severity == .error } }
        }
        return all.sorted()
    }

    func validate() throws {
        let names = Cryptosuites.names.all
        if let suite, !names.contains(suite) {
            throw ValidationError("--suite \(suite): unknown; known: \(names.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        let configuration = try config.map { try ConfigLoading.configuration($0) }
        do {
            let set = try ProfileLoader.load(directory: URL(fileURLWithPath: directory), cryptosuites: Cryptosuites.names)
            let diagnostics = Self.diagnostics(set, suite: suite, configuration: configuration)
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
            set = try ProfileLoader.load(directory: url, cryptosuites: Cryptosuites.names)
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
        // Mapped credentials meet their target's rules (the TSG import schema, say), as in the pipeline.
        let results = suite.run(with: set, forms: DestinationCatalog.kinds.forms)
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
