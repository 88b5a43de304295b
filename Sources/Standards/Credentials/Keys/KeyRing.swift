import Foundation
import JSONCanonical

/// Several keys of one issuer, kept in a directory: `keyring.json` lists every key with its
/// `kid`, file and state; each private JWK sits beside it in its own 0600 file.
///
/// ```json
/// {"keys": [{"kid": "key-20261203-1a2b3c", "file": "key-20261203-1a2b3c.jwk", "state": "retired"},
///           {"kid": "key-20261204-4d5e6f", "file": "key-20261204-4d5e6f.jwk", "state": "active"}]}
/// ```
///
/// Exactly one key is `active`: it signs. `retired` keys never sign again but stay in did.json
/// so that what they signed still verifies. `compromised` keys are left out of did.json, so
/// proofs by them no longer verify. `signing.key` names the directory; a single JWK file keeps
/// working as a ring of one.
public struct KeyRing: Sendable {
    /// What a key of the ring may still do.
    public enum State: String, Sendable, CaseIterable {
        /// Signs everything from now on; the ring has exactly one.
        case active
        /// Never signs again; still published so that its proofs verify.
        case retired
        /// Leaked: not published, so its proofs no longer verify.
        case compromised
    }

    /// One key with its state and file name (relative to the ring's directory).
    public struct Member: Sendable {
        /// The key, with its `kid`.
        public var key: SigningKey
        /// What it may do.
        public var state: State
        /// Its private JWK file, relative to the ring's directory.
        public var file: String
        /// Its `kid`.
        public var keyID: String { key.keyID ?? "" }
    }

    /// The manifest's file name inside the ring's directory.
    public static let manifestName = "keyring.json"

    /// The ring's directory.
    public let directory: String
    /// Every key, in the order they were added.
    public internal(set) var members: [Member]

    /// The key that signs. `load` and every change keep exactly one active member; a ring
    /// without one (never written by certbridge) is an error that says how to repair it, not a crash.
    public var active: SigningKey {
        get throws(KeyError) {
            guard let member = members.first(where: { $0.state == .active }) else {
                throw .file(
                    path: directory + "/" + Self.manifestName,
                    reason: "the key ring has no active key (\(members.count) key(s), none with state 'active'); "
                        + "set one retired key's state to active in the manifest, or start a new ring with "
                        + "`certbridge keys rotate --key-ring NEW-DIR --import KEY.jwk`")
            }
            return member.key
        }
    }

    /// The retired keys did.json still lists beside the active one (not the compromised).
    public var retired: [SigningKey] { members.filter { $0.state == .retired }.map(\.key) }

    /// Whether `path` names a key ring (a directory) rather than one JWK file.
    public static func isKeyRing(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    init(directory: String, members: [Member]) {
        self.directory = directory
        self.members = members
    }

    /// Reads the ring in `directory`: its manifest, then every key file, each checked as
    /// ``SigningKey/load(from:strictKeyMode:warn:)`` checks one.
    public static func load(
        directory: String, strictKeyMode: Bool = false, warn: (String) -> Void = KeyFilePermissions.warnOnStandardError
    ) throws(KeyError) -> KeyRing {
        let manifestPath = directory + "/" + manifestName
        let json: JSONValue
        do {
            json = try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: manifestPath))))
        } catch {
            throw .file(path: manifestPath, reason: "cannot read the key ring manifest (\(error)); "
                + "create a ring with `certbridge keys rotate --key-ring \(directory) --import CURRENT.jwk`")
        }
        guard let entries = json["keys"]?.arrayValue, !entries.isEmpty else {
            throw .file(path: manifestPath, reason: "'keys' must be a non-empty array")
        }
        var members: [Member] = []
        for (index, entry) in entries.enumerated() {
            guard let kid = entry["kid"]?.stringValue, let file = entry["file"]?.stringValue,
                let stateText = entry["state"]?.stringValue
            else {
                throw .file(path: manifestPath, reason: "keys[\(index)] needs 'kid', 'file' and 'state' strings")
            }
            guard let state = State(rawValue: stateText) else {
                throw .file(path: manifestPath, reason: "keys[\(index)].state is active, retired or compromised, not '\(stateText)'")
            }
            guard !file.contains("/") else {
                throw .file(path: manifestPath, reason: "keys[\(index)].file must be a file name inside the ring, not '\(file)'")
            }
            var key = try SigningKey.load(from: directory + "/" + file, strictKeyMode: strictKeyMode, warn: warn)
            if key.keyID != kid {
                // The manifest names the key; a file without `kid` takes it from there.
                guard key.keyID == nil else {
                    throw .file(path: directory + "/" + file, reason: "its kid '\(key.keyID ?? "")' differs from the manifest's '\(kid)'")
                }
                key.keyID = kid
            }
            members.append(Member(key: key, state: state, file: file))
        }
        let activeCount = members.filter { $0.state == .active }.count
        guard activeCount == 1 else {
            throw .file(path: manifestPath, reason: "exactly one key must be active, found \(activeCount)")
        }
        guard Set(members.map(\.keyID)).count == members.count else {
            throw .file(path: manifestPath, reason: "two keys share a kid")
        }
        return KeyRing(directory: directory, members: members)
    }

    /// The member named `reference`: its `kid`, or a verification method id ending in `#kid`.
    public func member(named reference: String) -> Member? {
        let kid = reference.split(separator: "#", omittingEmptySubsequences: false).last.map(String.init) ?? reference
        return members.first { $0.keyID == kid }
    }
}
