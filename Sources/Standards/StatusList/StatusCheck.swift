import JSONCanonical

/// What a credential's status entries say, read against the lists a verifier has.
public enum CredentialStatus: Sendable, Equatable, CustomStringConvertible {
    /// No entry's bit is set.
    case valid
    /// A revocation entry's bit is set.
    case revoked(entry: String)
    /// A suspension entry's bit is set.
    case suspended(entry: String)
    /// An entry whose list the verifier was not given: not checked.
    case unchecked(entries: [String])

    /// `valid`, `REVOKED (<entry>)`, ….
    public var description: String {
        switch self {
        case .valid: "valid"
        case .revoked(let entry): "REVOKED (\(entry))"
        case .suspended(let entry): "SUSPENDED (\(entry))"
        case .unchecked(let entries): "not checked: no status list given for \(entries.joined(separator: ", "))"
        }
    }

    /// Reads every `BitstringStatusListEntry` of `credential` against `lists` (by list URL).
    /// Revoked wins over suspended; an entry with no list makes the answer `unchecked`, unless
    /// another entry already says revoked or suspended. A list whose purpose differs from the
    /// entry's, or that another issuer signed, is an error naming both: only the credential's
    /// issuer can say it is revoked or valid.
    public static func of(_ credential: JSONValue, lists: [String: StatusListCredential]) throws(StatusListError) -> CredentialStatus? {
        let entries = try StatusListEntry.entries(of: credential)
        guard !entries.isEmpty else { return nil }
        var revoked: String?
        var suspended: String?
        var unchecked: [String] = []
        for entry in entries {
            guard let list = lists[entry.listCredential] else {
                unchecked.append(entry.id)
                continue
            }
            if let listIssuer = list.issuer, listIssuer != StatusListCredential.issuer(of: credential) {
                throw .invalid(
                    field: "credentialStatus",
                    reason: "the list for entry \(entry.id) is issued by \(listIssuer), not by the credential's issuer")
            }
            guard list.purpose == entry.purpose else {
                throw .invalid(
                    field: "credentialStatus",
                    reason: "entry \(entry.id) has purpose \(entry.purpose.rawValue) but its list's is \(list.purpose.rawValue)")
            }
            guard try list.bitstring.status(at: entry.index) != 0 else { continue }
            switch entry.purpose {
            case .revocation: revoked = revoked ?? entry.id
            case .suspension: suspended = suspended ?? entry.id
            }
        }
        if let revoked { return .revoked(entry: revoked) }
        if let suspended { return .suspended(entry: suspended) }
        return unchecked.isEmpty ? .valid : .unchecked(entries: unchecked)
    }
}
