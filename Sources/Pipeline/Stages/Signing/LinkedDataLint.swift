import Credentials
import LinkedData
import Mapping

/// Checks each profile's terms with the real JSON-LD processor (strict mode, the profile
/// directory's contexts), as RDF signing will: a term only a type-scoped context defines, a
/// protected term redefined, or a constant that is not an absolute IRI where one is needed are
/// caught here, which the term-set check of `profiles lint` cannot see.
public enum LinkedDataLint {
    /// One diagnostic per problem, at the member or `type` value that causes it. An error for
    /// profiles signed with an RDF-canonicalised suite (their credentials would fail to sign),
    /// a warning for the others. `override` is the `--suite` in force, if any; `linkedDataSuites`
    /// are the registry's RDF-canonicalised suites (``SigningRegistries/linkedDataSuites``).
    public static func diagnostics(
        for profiles: ProfileSet, contexts: ContextStore = .bundled, override: String? = nil,
        linkedDataSuites: Set<String>
    ) -> [ProfileDiagnostic] {
        let processor = JSONLDProcessor(options: .init(contexts: contexts.adding(profiles.contextCatalog)))
        var diagnostics: [ProfileDiagnostic] = []
        for profile in profiles.profiles {
            let rdfSuite = (override ?? profile.proof?.cryptosuite).flatMap { linkedDataSuites.contains($0) ? $0 : nil }
            let severity: ProfileDiagnostic.Severity = rdfSuite == nil ? .warning : .error
            let because = rdfSuite.map { "signing with \($0) would fail" } ?? "an RDF-canonicalised suite could not sign it"
            var excluded: Set<SourceLocation> = []
            for _ in 0..<50 {
                let skeleton = profile.termSkeleton(excluding: excluded)
                let problem: JSONLDError
                do {
                    _ = try processor.expand(skeleton.document)
                    break
                } catch {
                    problem = error
                }
                let location = path(of: problem).flatMap(skeleton.location(of:)) ?? profile.match.location
                diagnostics.append(ProfileDiagnostic(
                    severity, .undefinedTerm, at: location,
                    "profile '\(profile.name)': \(because): \(problem)"))
                guard !excluded.contains(location), location != profile.match.location else { break }
                excluded.insert(location)
            }
        }
        return diagnostics
    }

    private static func path(of error: JSONLDError) -> String? {
        switch error {
        case .undefinedTerm(_, let path), .relativeIRI(_, let path), .invalidDocument(_, _, let path), .unsupported(_, let path):
            path
        default:
            nil
        }
    }
}
