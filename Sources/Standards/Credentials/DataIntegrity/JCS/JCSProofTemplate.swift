import JSONCanonical

/// The part of a JCS proof configuration that is the same for every signature of one signer.
///
/// The options a ``DataIntegritySigner`` writes have the keys `@context` (when the document has
/// one), `created`, `cryptosuite`, `proofPurpose`, `type` and `verificationMethod`. JCS sorts
/// members by key, and `@context` < `created` < the four others, so the canonical form is
/// `{` + the members `@context` and `created` + `,` + the four fixed members + `}`: two
/// canonical objects joined at the brace. The second one is canonicalised here once, so that a
/// signature canonicalises only `{"@context":…,"created":…}`. Only keys that sort in that order
/// may be split this way, which is why the template takes exactly these members and no others.
struct JCSProofTemplate: Sendable {
    /// The `proofPurpose` the fixed part holds; other purposes take the general path.
    let proofPurpose: String
    /// `,"cryptosuite":…,"proofPurpose":…,"type":…,"verificationMethod":…}`: the canonical form
    /// of the fixed members with its opening brace turned into the joining comma.
    let fixedMembers: [UInt8]

    /// The template of a `DataIntegrityProof` of `cryptosuite` by `verificationMethod`.
    init(cryptosuite: String, verificationMethod: String, proofPurpose: String) {
        self.proofPurpose = proofPurpose
        let fixed: JSONObject = [
            "type": .string(DataIntegrityContext.dataIntegrityProofType), "cryptosuite": .string(cryptosuite),
            "verificationMethod": .string(verificationMethod), "proofPurpose": .string(proofPurpose),
        ]
        var bytes = JSONValue.object(fixed).canonicalBytes
        bytes[0] = UInt8(ascii: ",")
        fixedMembers = bytes
    }

    /// The canonical proof configuration up to, without, the joining comma: `{"@context":…,"created":…`.
    func leadingMembers(context: JSONValue?, created: String) -> [UInt8] {
        // The keys need no escapes, and a `created` without quote, backslash or control
        // character (every dateTime) is its own canonical text between quotes, so only the
        // context goes through the writer. Anything else takes the writer whole.
        guard Self.needsNoEscape(created) else {
            var leading: JSONObject = ["created": .string(created)]
            if let context { leading["@context"] = context }
            var bytes = JSONValue.object(leading).canonicalBytes
            bytes.removeLast()
            return bytes
        }
        // One allocation: the context's canonical form is lent by the writer, not an array.
        var bytes: [UInt8] = []
        if let context {
            JSONWriter(style: .canonical).withBytes(context) { canonicalContext in
                bytes.reserveCapacity(canonicalContext.count + created.utf8.count + 29)
                bytes.append(contentsOf: #"{"@context":"#.utf8)
                bytes.append(contentsOf: canonicalContext)
                bytes.append(UInt8(ascii: ","))
            }
        } else {
            bytes.reserveCapacity(created.utf8.count + 14)
            bytes.append(UInt8(ascii: "{"))
        }
        bytes.append(contentsOf: #""created":""#.utf8)
        bytes.append(contentsOf: created.utf8)
        bytes.append(UInt8(ascii: "\""))
        return bytes
    }

    /// Whether JCS writes `text` as is between quotes: no quote, backslash or control character.
    static func needsNoEscape(_ text: String) -> Bool {
        // Over the contiguous bytes of a native string; the generic UTF8View walk cost a fifth
        // of the writing it saves.
        func check(_ bytes: some Sequence<UInt8>) -> Bool {
            !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        }
        return text.utf8.withContiguousStorageIfAvailable(check) ?? check(text.utf8)
    }
}
