import ArgumentParser

/// How `sign` and `convert` secure and write credentials.
enum CredentialOutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// A Data Integrity proof in the JSON (pretty for one document, NDJSON for several).
    case json
    /// A compact VC-JWT a line: VC 1.1 `vc` claim or VC 2.0 `vc+jwt`, by the credential's base context.
    case jwt
}
