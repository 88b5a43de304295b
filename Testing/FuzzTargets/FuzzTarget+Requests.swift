import DCP
import Foundation
import OID4VCI

extension FuzzTargets {
    /// The credential object ids a DCP issuer offers in these runs.
    static let offeredDCPObjects: Set<String> = ["course-certificate-v2", "membership"]

    /// DCP `CredentialRequestMessage` bodies: an accepted request names a holder and only
    /// offered credential objects, each once.
    static let dcpRequest = FuzzTarget(
        "dcp-request", "DCPCredentialRequest: an accepted request has a holderPid and a non-empty list of distinct, offered credential ids"
    ) { input throws(FuzzFinding) in
        guard let request = try? DCPCredentialRequest(body: input, known: offeredDCPObjects) else { return }
        try expect(!request.holderPid.isEmpty, "dcp-request", "an accepted request has an empty holderPid")
        try expect(!request.credentialIDs.isEmpty, "dcp-request", "an accepted request names no credential")
        try expect(Set(request.credentialIDs).count == request.credentialIDs.count, "dcp-request", "an accepted request repeats a credential id")
        try expect(Set(request.credentialIDs).isSubset(of: offeredDCPObjects), "dcp-request", "an accepted request names an object not offered: \(request.credentialIDs)")
    }

    /// The token endpoint's form body: what parses, written back with every byte outside the
    /// unreserved set percent-encoded, parses to the same names and values.
    static let oid4vciToken = FuzzTarget(
        "oid4vci-token", "FormBody (token request): re-encoding the parsed names and values parses back to the same form"
    ) { input throws(FuzzFinding) in
        guard let form = try? FormBody(input) else { return }
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        var pairs: [String] = []
        for (name, value) in form.values.sorted(by: { $0.key < $1.key }) {
            guard let encodedName = name.addingPercentEncoding(withAllowedCharacters: unreserved),
                let encodedValue = value.addingPercentEncoding(withAllowedCharacters: unreserved)
            else {
                throw FuzzFinding(target: "oid4vci-token", property: "a parsed form member cannot be percent-encoded again: \(name.prefix(40))")
            }
            pairs.append(encodedName + "=" + encodedValue)
        }
        let again = try? FormBody(Array(pairs.joined(separator: "&").utf8))
        try expect(again?.values == form.values, "oid4vci-token", "the re-encoded form parses to different values: \(pairs.joined(separator: "&").prefix(200))")
    }

    /// The credential endpoint's request body in every shape holders send: an accepted request
    /// has exactly one proof, whose key reference is then read as the issuer reads it.
    static let oid4vciCredential = FuzzTarget(
        "oid4vci-credential", "CredentialRequest (credential endpoint): an accepted request selects a credential and carries one proof, then checked as a key proof"
    ) { input throws(FuzzFinding) in
        guard let request = try? CredentialRequest(body: input) else { return }
        switch request.selector {
        case .identifier(let text), .configuration(let text):
            try expect(!text.isEmpty, "oid4vci-credential", "an accepted request selects an empty identifier")
        case .format:
            break
        }
        try checkKeyProof(request.proof, target: "oid4vci-credential")
    }
}
