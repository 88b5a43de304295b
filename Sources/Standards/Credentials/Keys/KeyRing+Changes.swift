import Foundation
import JSONCanonical

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension KeyRing {
    /// A new ring in `directory` (created 0700 if absent) whose only key is `key`, active. The
    /// key's `kid` is kept; a key without one gets ``DIDWeb/defaultFragment``, the fragment its
    /// proofs already name (`<issuer>#key-1`), so everything it signed before the ring existed
    /// still verifies against the ring's did.json.
    public static func create(directory: String, with key: SigningKey) throws(KeyError) -> KeyRing {
        if FileManager.default.fileExists(atPath: directory + "/" + manifestName) {
            throw .fileExists(path: directory + "/" + manifestName)
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .file(path: directory, reason: "cannot create the key ring directory (\(error.localizedDescription))")
        }
        var ring = KeyRing(directory: directory, members: [])
        var first = key
        if first.keyID == nil { first.keyID = DIDWeb.fragment(forKeyID: nil) }
        try ring.add(first, state: .active)
        return ring
    }

    /// Makes `key` the one that signs from now on; the key that signed so far is retired (still
    /// published). The new key's file is written before the manifest, so a crash in between
    /// leaves the old ring intact.
    public mutating func rotate(to key: SigningKey) throws(KeyError) {
        var next = key
        if next.keyID == nil { next.keyID = Self.newKeyID() }
        if members.contains(where: { $0.keyID == next.keyID }) {
            throw .file(path: directory, reason: "the ring already has a key with kid '\(next.keyID ?? "")'")
        }
        for index in members.indices where members[index].state == .active { members[index].state = .retired }
        try add(next, state: .active)
    }

    /// Retires the key named `reference` (kid or verification method id): it never signs again;
    /// `compromised` also takes it out of did.json. Refuses the active key (rotate first).
    /// Returns whether anything changed, so a second run says so instead of failing.
    @discardableResult
    public mutating func retire(_ reference: String, compromised: Bool) throws(KeyError) -> Bool {
        guard let index = members.firstIndex(where: { $0.keyID == member(named: reference)?.keyID }) else {
            throw .file(path: directory, reason: "no key '\(reference)' in the ring (kids: \(members.map(\.keyID).joined(separator: ", ")))")
        }
        let target: State = compromised ? .compromised : .retired
        switch (members[index].state, target) {
        case (.active, _):
            throw .file(path: directory, reason: "key '\(members[index].keyID)' is the active key and signs everything; "
                + "run `certbridge keys rotate` first, then retire it")
        case (.compromised, _), (.retired, .retired):
            return false
        case (.retired, _):
            members[index].state = target
            try writeManifest()
            return true
        }
    }

    /// A fresh kid: the date and 6 random hex digits, a valid URI fragment.
    public static func newKeyID(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return "key-\(formatter.string(from: now))-\(String(UInt32.random(in: 0...0xFF_FFFF), radix: 16))"
    }

    private mutating func add(_ key: SigningKey, state: State) throws(KeyError) {
        let file = (key.keyID ?? Self.newKeyID()) + ".jwk"
        guard !file.contains("/") else { throw .invalidMember("kid", reason: "a ring's kid cannot contain '/'") }
        try key.save(to: directory + "/" + file)
        members.append(Member(key: key, state: state, file: file))
        try writeManifest()
    }

    /// Writes the manifest beside a temporary name and renames it over the old one.
    private func writeManifest() throws(KeyError) {
        let entries: [JSONValue] = members.map { member in
            .object(["kid": .string(member.keyID), "file": .string(member.file), "state": .string(member.state.rawValue)])
        }
        let text = JSONValue.object(["keys": .array(entries)]).prettyString + "\n"
        let path = directory + "/" + Self.manifestName
        let temporary = path + ".tmp-\(getpid())"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw .file(path: path, reason: "cannot write the key ring manifest (\(error.localizedDescription))")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .file(path: path, reason: "cannot replace the key ring manifest (\(String(cString: strerror(errno))))")
        }
    }
}
