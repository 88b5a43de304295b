import Composition
import Credentials
import Foundation
import JSONCanonical
import Lifecycle
import Mapping
import Outbox
import Pipeline
import TestSupport

/// A copy of the shipped mappings whose TSG profile opts into status lists, a fresh key, and
/// the pipeline, signer and verifier over them.
struct LifecycleFixture {
    static let issuer = "did:web:certbridge.example.org"
    static let statusBase = "https://certbridge.example.org/status/"
    static let statusBlock = "status:\n  purposes: [revocation, suspension]\n  list: courses\n"

    let folder: URL
    let key: SigningKey
    let setup: (profiles: ProfileSet, registries: SigningRegistries)
    let pipeline: Pipeline
    let didDocument: JSONValue

    /// `edit` changes the copied profile texts (file name → text) before they load.
    init(edit: (inout [String: String]) -> Void = { _ in }, key: SigningKey = .generate(.ed25519)) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-lifecycle-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: SharedVectors.repositoryFile("mappings"), to: folder)
        var texts: [String: String] = [:]
        for name in ["course-certificate-tsg.yaml", "certifier-base.yaml"] {
            texts[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        texts["course-certificate-tsg.yaml", default: ""] += Self.statusBlock
        edit(&texts)
        for (name, text) in texts { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        self.key = key
        let profiles = try ProfileLoader.load(directory: folder, cryptosuites: Cryptosuites.names)
        let registries = Cryptosuites.registries(for: profiles)
        setup = (profiles, registries)
        pipeline = try Pipeline(
            profiles: profiles, key: key, verificationMethod: key.verificationMethod(forIssuer: Self.issuer),
            registries: registries, issuer: Self.issuer, clock: { Date(timeIntervalSince1970: 1_800_000_000) })
        didDocument = try DIDWeb(parsing: Self.issuer).document(for: key.publicKey, fragment: key.verificationMethodFragment)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// A verifier for this key's proofs (W3C registry with the profiles' contexts).
    func verifier() throws -> DataIntegrityVerifier {
        DataIntegrityVerifier(resolver: try DIDResolver(documents: [didDocument]), registry: setup.registries.w3c)
    }

    /// The list signer over this key.
    func listSigner() -> StatusListSigner {
        StatusListSigner(
            key: key, verificationMethod: key.verificationMethod(forIssuer: Self.issuer), registries: setup.registries,
            baseURL: Self.statusBase, cacheSeconds: 60)
    }

    /// The TSG golden input (a Certifier credential the TSG profile converts).
    static func certifierCredential() throws -> JSONValue {
        let data = try Data(contentsOf: SharedVectors.repositoryFile("mappings/fixtures/tsg-lookup-holder-no-expiry/input.json"))
        return try JSONValue(parsing: Array(data))
    }
}

/// A temporary SQLite outbox.
struct TemporaryStore {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-lifecycle-\(UUID().uuidString).sqlite").path
    func open() throws -> SQLiteOutboxStore { try SQLiteOutboxStore(path: path) }
    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
