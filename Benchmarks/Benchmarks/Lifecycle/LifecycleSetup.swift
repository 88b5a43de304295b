import BenchmarkFixtures
import Composition
import Credentials
import Foundation
import JSONCanonical
import Lifecycle
import Mapping
import Outbox
import Pipeline
import StatusList
import Synchronization

/// The suites the lifecycle benchmarks compare: the one the convert target names, and the one
/// the shipped TSG profile chooses (its lists are signed with it too).
enum SuiteChoice: String, CaseIterable, Sendable {
    case eddsaJCS2022 = "eddsa-jcs-2022"
    case jsonWebSignature2020 = "JsonWebSignature2020"

    /// The VC version of its lists: eddsa-jcs-2022 lists as VC 2.0, JsonWebSignature2020 as the
    /// TSG profile's VC 1.1 (LifecycleConverter gives a list its profile's version).
    var listVersion: String { self == .eddsaJCS2022 ? "2.0" : "1.1" }
}

/// Profiles, pipelines, a list signer and the TSG input, built once outside the measured closures,
/// as Tests/LifecycleTests/LifecycleFixtures.swift builds them (a did:web issuer, a fresh Ed25519
/// key, the registries of the composition root).
struct LifecycleSetup: Sendable {
    static let issuer = "did:web:certbridge.example.org"
    static let statusBase = "https://certbridge.example.org/status/"
    static let tsgProfile = "course-certificate-tsg"
    /// What the status benchmarks add to the shipped TSG profile (one purpose: one index per credential).
    static let statusBlock = "status:\n  purposes: [revocation]\n  list: courses\n"
    /// The smallest list the spec allows, and the size the gateway opens.
    static let listEntries = StatusBitstring.minimumEntries
    /// Indexes the pool takes from the store at once.
    static let blockSize = 64
    /// Set bits in the benchmarked list: revoked credentials.
    static let setIndexCount = 1_000

    let key: SigningKey
    let verificationMethod: String
    /// The TSG golden input (mappings/fixtures/tsg-lookup-holder-no-expiry): one credential the
    /// TSG profile converts, the same for every path.
    let credential: JSONValue
    let now: Date
    let validUntil: Date
    let listSigner: StatusListSigner
    /// Per suite: the shipped profiles, and the same with `status:` on the TSG profile.
    let pipelines: [SuiteChoice: (plain: Pipeline, withStatus: Pipeline)]
    /// 1,000 distinct indexes spread over the list, as random assignment spreads revocations:
    /// runs of zero bits compress far better than this, so adjacent indexes would flatter GZIP.
    let setIndexes: [Int]

    init() throws {
        let mappings = Fixtures.repositoryRoot.appendingPathComponent("mappings")
        var sources: [(file: String, text: String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: mappings.path).sorted()
        where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            sources.append((name, String(decoding: try Data(contentsOf: mappings.appendingPathComponent(name)), as: UTF8.self)))
        }
        guard let tsg = sources.firstIndex(where: { $0.file == "\(Self.tsgProfile).yaml" }) else {
            throw SetupError.missing("mappings/\(Self.tsgProfile).yaml")
        }
        var statusSources = sources
        let text = statusSources[tsg].text
        statusSources[tsg].text = text + (text.hasSuffix("\n") ? "" : "\n") + Self.statusBlock
        // The texts are loaded as if from mappings/, so lookups and contexts resolve as shipped.
        let contexts = ContextCatalog(directory: mappings.appendingPathComponent("contexts"))
        let plainProfiles = try ProfileLoader.load(
            sources: sources, baseDirectory: mappings, contexts: contexts, cryptosuites: Cryptosuites.names)
        let statusProfiles = try ProfileLoader.load(
            sources: statusSources, baseDirectory: mappings, contexts: contexts, cryptosuites: Cryptosuites.names)
        let registries = Cryptosuites.registries(for: statusProfiles)

        // Locals, not the properties: the helper functions below must not capture a half-made self.
        let key = SigningKey.generate(.ed25519)
        let verificationMethod = key.verificationMethod(forIssuer: Self.issuer)
        self.key = key
        self.verificationMethod = verificationMethod
        let fixedNow = Fixtures.created
        now = fixedNow
        validUntil = fixedNow.addingTimeInterval(86_400)
        credential = try JSONValue(
            parsing: [UInt8](Fixtures.repositoryData("mappings/fixtures/tsg-lookup-holder-no-expiry/input.json")))

        var pipelines: [SuiteChoice: (plain: Pipeline, withStatus: Pipeline)] = [:]
        // eddsa-jcs-2022 for every profile, as the Conversion suite's Pipeline.process signs.
        let jcsSigner = try DataIntegritySigner(key: key, verificationMethod: verificationMethod)
        func jcs(_ profiles: ProfileSet) -> Pipeline {
            Pipeline(profiles: profiles, signer: jcsSigner, issuer: Self.issuer, routes: DestinationCatalog.formsOnly, clock: { fixedNow })
        }
        pipelines[.eddsaJCS2022] = (jcs(plainProfiles), jcs(statusProfiles))
        // Each profile's own suite: JsonWebSignature2020 for the TSG profile.
        func own(_ profiles: ProfileSet) throws -> Pipeline {
            try Pipeline(
                profiles: profiles, key: key, verificationMethod: verificationMethod, registries: registries, issuer: Self.issuer,
                routes: DestinationCatalog.formsOnly, clock: { fixedNow })
        }
        pipelines[.jsonWebSignature2020] = (try own(plainProfiles), try own(statusProfiles))
        self.pipelines = pipelines

        listSigner = StatusListSigner(
            key: key, verificationMethod: verificationMethod, registries: registries, baseURL: Self.statusBase, cacheSeconds: 60)
        // 40,503 is odd, so i ↦ i × 40,503 mod 2^17 is one-to-one: 1,000 distinct, scattered indexes.
        setIndexes = (0..<Self.setIndexCount).map { $0 * 40_503 % Self.listEntries }

        // A benchmark of a path that fails measures the failure; check each path once here.
        for suite in SuiteChoice.allCases {
            guard let plain = pipelines[suite]?.plain,
                case .converted(let converted) = plain.process(credential), converted.profile == Self.tsgProfile,
                plain.cryptosuite(forProfile: Self.tsgProfile) == suite.rawValue
            else { throw SetupError.doesNotConvert("the TSG input with \(suite.rawValue)") }
            let signed = try listSigner.sign(listRecord(suite), now: now, validUntil: validUntil)
            let list = try StatusListCredential(try JSONValue(parsing: Array(signed.utf8)), url: Self.statusBase + "courses-revocation-1")
            guard try list.bitstring.status(at: setIndexes[1]) == 1, try list.bitstring.status(at: 1) == 0 else {
                throw SetupError.doesNotConvert("the signed \(suite.rawValue) list does not carry the set indexes")
            }
        }
    }

    /// The store's record of a full-size list of `suite`'s family with ``setIndexes`` set.
    func listRecord(_ suite: SuiteChoice) -> StatusListRecord {
        let family = StatusListFamily(
            name: "courses", purpose: "revocation", issuer: Self.issuer, suite: suite.rawValue, proofForm: "w3c",
            version: suite.listVersion)
        return StatusListRecord(
            slug: "courses-revocation-1", family: family, entries: Self.listEntries, setIndexes: setIndexes, changes: 1)
    }

    /// The bitstring of ``listRecord(_:)``, for the encode alone.
    func bitstring() throws -> StatusBitstring {
        var bits = try StatusBitstring(entries: Self.listEntries)
        for index in setIndexes { try bits.setStatus(1, at: index) }
        return bits
    }

    /// Why the setup failed.
    enum SetupError: Error, CustomStringConvertible {
        case missing(String)
        case doesNotConvert(String)

        var description: String {
            switch self {
            case .missing(let path): "\(path) is missing"
            case .doesNotConvert(let what): "\(what) does not convert"
            }
        }
    }
}

/// A LifecycleConverter with status over a fresh SQLite outbox in a temporary file, made in a
/// benchmark's setup hook and removed in its teardown, so each benchmark starts from a known list.
final class StatusRig: Sendable {
    let path: String
    let store: SQLiteOutboxStore
    /// The TSG profile's revocation list family, as the converter derives it from the pipeline.
    let family: StatusListFamily
    let converter: LifecycleConverter

    /// `prefill` indexes of the TSG family's list are taken before the benchmark starts (the
    /// allocation draws differently once half the list is taken; see the suite).
    init(pipeline: Pipeline, prefill: Int, now: Date) async throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("certbridge-bench-lifecycle-\(UUID().uuidString).sqlite").path
        let store = try SQLiteOutboxStore(path: path)
        guard let family = LifecycleConverter.families(of: pipeline)[LifecycleSetup.tsgProfile]?.first else {
            throw LifecycleSetup.SetupError.doesNotConvert("the TSG profile without status:")
        }
        if prefill > 0 {
            _ = try await store.reserveStatusIndexes(family, count: prefill, listEntries: LifecycleSetup.listEntries, now: now)
        }
        self.store = store
        self.family = family
        converter = LifecycleConverter(
            pipeline: pipeline,
            statusIndexes: StatusIndexPool(
                store: store, blockSize: LifecycleSetup.blockSize, listEntries: LifecycleSetup.listEntries, clock: { now }),
            statusBaseURL: LifecycleSetup.statusBase)
    }

    /// Deletes the database and its WAL files (unlinking is safe while GRDB still holds them).
    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// What a setup hook hands to its benchmark's closure: package-benchmark runs setup, the
/// iterations and teardown one after another, but the closures are separate values, so the
/// hand-over is locked rather than assumed.
final class Handover<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    init() {}

    var current: Value? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
