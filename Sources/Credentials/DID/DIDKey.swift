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
        DIDDocument.make(did: did(for: key), methodID: verificationMethodID(for: key), key: key, format: .multikey)
    }

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
    static func did(of url: String) -> String {
        let end = url.firstIndex { $0 == "#" || $0 == "?" || $0 == "/" } ?? url.endIndex
        return String(url[..<end])
    }
}
