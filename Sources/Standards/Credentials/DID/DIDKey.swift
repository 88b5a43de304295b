import JSONCanonical

/// The did:key method: the DID is the key's Multikey encoding, resolution needs no network.
public enum DIDKey {
    /// `did:key:<multikey>`.
    public static func did(for key: PublicKey) -> String {
        "did:key:" + key.multikey
    }

    /// `did:key:<multikey>#<multikey>`, the verification method of the key.
    public static func verificationMethodID(for key: PublicKey) -> String {
        did(for: key) + "#" + key.multikey
    }

    /// The key named by a did:key DID or DID URL (any fragment is ignored).
    public static func publicKey(from didOrURL: String) throws(DIDError) -> PublicKey {
        let did = DIDURL.did(of: didOrURL)
        guard did.hasPrefix("did:key:") else { throw .invalidDID(didOrURL, reason: "not a did:key") }
        do {
            return try PublicKey(multikey: String(did.dropFirst("did:key:".count)))
        } catch {
            throw .invalidDIDKey(did, error)
        }
    }

    /// The DID document of a did:key, with one Multikey verification method.
    public static func document(for key: PublicKey) -> JSONValue {
        document(for: key, multikey: key.multikey)
    }

    /// ``document(for:)`` with the key's Multikey text already at hand (each one is a base58 encoding).
    static func document(for key: PublicKey, multikey: String) -> JSONValue {
        let did = "did:key:" + multikey
        return DIDDocument.make(did: did, methodID: did + "#" + multikey, key: key, format: .multikey)
    }

    /// What `DIDDocument.resolve` finds for the key's method in ``document(for:)``, read off
    /// the key instead of building and searching that document on every verification
    /// (`DIDKeyResolutionTests` holds the two together).
    static func resolvedMethod(for key: PublicKey, multikey: String) -> ResolvedVerificationMethod {
        let did = "did:key:" + multikey
        return ResolvedVerificationMethod(
            id: did + "#" + multikey, type: VerificationMethodFormat.multikey.typeName, controller: did, publicKey: key,
            relationships: signingRelationships)
    }

    /// The relationships ``document(for:)`` lists its method under.
    private static let signingRelationships = Set(DIDDocument.signingRelationships)

    /// Resolves a did:key DID to its DID document.
    public static func resolve(_ did: String) throws(DIDError) -> JSONValue {
        document(for: try publicKey(from: did))
    }
}

extension PublicKey {
    /// The key's did:key DID.
    public var didKey: String { DIDKey.did(for: self) }

    /// The key's did:key verification method id, the default `verificationMethod` of a proof.
    public var didKeyVerificationMethod: String { DIDKey.verificationMethodID(for: self) }
}

extension SigningKey {
    /// The did:key DID of the public key.
    public var didKey: String { publicKey.didKey }

    /// The did:key verification method id of the public key.
    public var didKeyVerificationMethod: String { publicKey.didKeyVerificationMethod }
}

/// Splitting DID URLs into DID, path and fragment.
enum DIDURL {
    /// The DID without path, query or fragment.
    ///
    /// Every proof's `verificationMethod` is split here when verified; walking Characters
    /// (grapheme breaking) cost as much as the rest of resolving a did:key, so ASCII text is
    /// split at the byte. That is the same split when the text up to the delimiter is ASCII and
    /// the byte after it is ASCII too (nothing can join the delimiter into a larger Character);
    /// anything else takes the Character path.
    static func did(of url: String) -> String {
        let utf8 = url.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x80 { return characterDID(of: url) }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "/") {
                let next = utf8.index(after: index)
                guard next == utf8.endIndex || utf8[next] < 0x80 else { return characterDID(of: url) }
                return String(url[..<index])
            }
            utf8.formIndex(after: &index)
        }
        return url
    }

    /// ``did(of:)`` by Characters, for text that is not ASCII around the delimiter.
    static func characterDID(of url: String) -> String {
        let end = url.firstIndex { $0 == "#" || $0 == "?" || $0 == "/" } ?? url.endIndex
        return String(url[..<end])
    }
}
