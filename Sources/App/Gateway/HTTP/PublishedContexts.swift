import Composition
import Credentials
import Foundation
import Mapping

/// The profiles' own JSON-LD contexts that the gateway serves, by request path.
///
/// Relying parties that verify RDF-canonicalised proofs fetch every `@context` URL (TSG does,
/// with a 24 h cache). A context whose URL lives on the issuer's did:web host (where the gateway
/// already answers `/.well-known/did.json`) is served at its URL's path with the file's exact
/// bytes, so what they fetch is what certbridge signed with. Contexts on other hosts (the W3C
/// ones, say) are left to their publishers.
public struct PublishedContexts: Sendable {
    /// Paths the gateway answers itself; a context URL cannot take them over.
    static let reservedPaths: Set<String> = [
        GatewayRouter.webhookPath, "/healthz", "/readyz", "/metrics", "/.well-known/did.json",
    ]

    /// File bytes by request path, e.g. `/contexts/certbridge-v1.jsonld`.
    public let documents: [String: [UInt8]]
    /// Why an entry of the catalog on the issuer's host is not served (unreadable file, reserved path).
    public let skipped: [String]

    /// Serves nothing.
    public init() {
        documents = [:]
        skipped = []
    }

    /// The contexts of `catalog` whose URL's host (and port) is `issuer`'s did:web host; none for
    /// another DID method. Files are read once, here.
    public init(catalog: ContextCatalog, issuer: String) {
        (documents, skipped) = Self.read(catalog, issuer: issuer)
    }

    private static func read(_ catalog: ContextCatalog, issuer: String) -> (documents: [String: [UInt8]], skipped: [String]) {
        guard issuer.hasPrefix("did:web:"), let did = try? DIDWeb(parsing: issuer) else { return ([:], []) }
        var documents: [String: [UInt8]] = [:]
        var skipped: [String] = []
        for (url, file) in catalog.files.sorted(by: { $0.key < $1.key }) {
            guard let components = URLComponents(string: url), ["https", "http"].contains(components.scheme ?? ""),
                components.host?.lowercased() == did.host.lowercased(), components.port == did.port
            else { continue }
            let path = components.percentEncodedPath
            guard path.count > 1, !reservedPaths.contains(path) else {
                skipped.append("\(url): the path \(path.isEmpty ? "/" : path) is not available for a context")
                continue
            }
            guard let data = FileManager.default.contents(atPath: file.path) else {
                skipped.append("\(url): \(file.path) cannot be read")
                continue
            }
            documents[path] = Array(data)
        }
        return (documents, skipped)
    }

    /// The contexts of the configuration's profiles directory (`contexts/index.yaml`) for its issuer.
    public init(configuration: GatewayConfiguration) {
        let directory = URL(fileURLWithPath: configuration.profilesDirectory).appendingPathComponent("contexts")
        self.init(catalog: ContextCatalog(directory: directory), issuer: configuration.signing.issuer)
    }
}
