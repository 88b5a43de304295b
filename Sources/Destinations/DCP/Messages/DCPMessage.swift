import JSONCanonical

/// The DCP 1.0 messages the gateway sends and accepts (credential issuance protocol), built and
/// checked against the published JSON schemas (../shared/vectors/dcp; tests run them through
/// jsonschema).
public enum DCPMessage {
    /// The DCP context every message names first.
    public static let context = "https://w3id.org/dspace-dcp/v1.0/dcp.jsonld"

    /// A `CredentialMessage` writing one credential to a holder's storage API (`status: ISSUED`).
    public static func credential(
        issuerPid: String, holderPid: String?, credentialType: String, payload: String, format: DCPPayloadFormat
    ) -> JSONValue {
        var message: JSONObject = [
            "@context": [.string(context)],
            "type": "CredentialMessage",
            "issuerPid": .string(issuerPid),
        ]
        if let holderPid { message["holderPid"] = .string(holderPid) }
        message["status"] = "ISSUED"
        message["credentials"] = [
            ["credentialType": .string(credentialType), "payload": .string(payload), "format": .string(format.rawValue)]
        ]
        return .object(message)
    }

    /// The `IssuerMetadata` of the issuer service.
    public static func issuerMetadata(issuer: String, objects: [DCPCredentialObject]) -> JSONValue {
        [
            "@context": [.string(context)],
            "type": "IssuerMetadata",
            "issuer": .string(issuer),
            "credentialsSupported": .array(objects.map(\.json)),
        ]
    }

    /// A request's `CredentialStatus`.
    public static func status(issuerPid: String, holderPid: String, status: DCPRequestState) -> JSONValue {
        [
            "@context": [.string(context)],
            "type": "CredentialStatus",
            "issuerPid": .string(issuerPid),
            "holderPid": .string(holderPid),
            "status": .string(status.rawValue),
        ]
    }
}

/// Where a holder's credential request stands, as `CredentialStatus` names it.
public enum DCPRequestState: String, Sendable, CaseIterable {
    /// Accepted; waiting for its certificates.
    case received = "RECEIVED"
    /// Every requested credential was written to the holder.
    case issued = "ISSUED"
    /// Its certificates did not arrive before the request's deadline.
    case rejected = "REJECTED"
}

/// A holder's `CredentialRequestMessage`, checked.
public struct DCPCredentialRequest: Sendable, Equatable {
    /// The holder's id of the request.
    public var holderPid: String
    /// The ids of the requested credential objects (from the issuer metadata).
    public var credentialIDs: [String]

    /// Reads and checks a request body against the schema and the issuer's credential objects;
    /// the error names the member and what is wrong, for a 400.
    public init(body: [UInt8], known: Set<String>) throws(DCPRequestError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: String(decoding: body, as: UTF8.self))
        } catch {
            throw DCPRequestError("the body is not JSON: \(error)")
        }
        guard let object = value.objectValue else { throw DCPRequestError("the body must be a JSON object") }
        guard let contexts = object["@context"]?.arrayValue, contexts.allSatisfy({ $0.stringValue != nil }) else {
            throw DCPRequestError("'@context' must be an array of strings")
        }
        guard contexts.contains(.string(DCPMessage.context)) else {
            throw DCPRequestError("'@context' must contain \(DCPMessage.context)")
        }
        guard object["type"]?.stringValue == "CredentialRequestMessage" else {
            throw DCPRequestError("'type' must be CredentialRequestMessage")
        }
        guard let holderPid = object["holderPid"]?.stringValue, !holderPid.isEmpty else {
            throw DCPRequestError("'holderPid' must be a non-empty string")
        }
        guard let entries = object["credentials"]?.arrayValue, !entries.isEmpty else {
            throw DCPRequestError("'credentials' must be a non-empty array of objects with an 'id'")
        }
        var ids: [String] = []
        for (index, entry) in entries.enumerated() {
            guard let id = entry["id"]?.stringValue else {
                throw DCPRequestError("'credentials[\(index)]' must be an object with a string 'id'")
            }
            guard known.contains(id) else {
                throw DCPRequestError(
                    "'credentials[\(index)].id' \(id) is not offered here; see /metadata (offered: \(known.sorted().joined(separator: ", ")))")
            }
            if !ids.contains(id) { ids.append(id) }
        }
        self.holderPid = holderPid
        self.credentialIDs = ids
    }
}

/// Why a `CredentialRequestMessage` was refused.
public struct DCPRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason, naming the member.
    public var description: String

    init(_ description: String) { self.description = description }
}
