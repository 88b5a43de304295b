import Foundation
import JSONCanonical

/// A Certifier webhook event: a thin envelope that only references the resource.
///
/// The credential itself is fetched afterwards with `GET /v1/credentials/{id}`.
public struct WebhookEnvelope: Codable, Sendable, Hashable {
    /// The event id; unique per event and the key for de-duplication.
    public var id: String
    /// The event type, an open set (`credential.created`, …).
    public var type: String
    /// When Certifier created the event.
    public var createdAt: String?
    /// The referenced resource.
    public var data: EventData

    /// The `data` member of an envelope.
    public struct EventData: Codable, Sendable, Hashable {
        /// The resource the event is about.
        public var resource: Resource
        /// Creates event data.
        public init(resource: Resource) { self.resource = resource }
    }

    /// A reference to a Certifier resource.
    public struct Resource: Codable, Sendable, Hashable {
        /// Resource id (a credential ULID for credential events).
        public var id: String
        /// Resource type, `credential` for credential events.
        public var type: String
        /// Creates a resource reference.
        public init(id: String, type: String) {
            self.id = id
            self.type = type
        }
    }

    /// Creates an envelope.
    public init(id: String, type: String, createdAt: String? = nil, resource: Resource) {
        self.id = id
        self.type = type
        self.createdAt = createdAt
        self.data = EventData(resource: resource)
    }

    /// Event types that make the gateway re-read the credential and reconcile it: issue it, issue
    /// a new revision when Certifier's data changed, or revoke it when Certifier answers 404.
    ///
    /// The dashboard offers these (../shared/docs/LIFECYCLE.md); every one is only a trigger, the
    /// credential as Certifier serves it decides. `.viewed`, `.downloaded` and `.shared` change
    /// nothing a wallet holds: they are recorded (deduplicated) and do no work.
    public static let credentialEventTypes: Set<String> = [
        "credential.created", "credential.issued", "credential.updated", "credential.sent", "credential.deleted",
    ]

    /// Whether this event should lead to a delivery of a credential.
    public var isCredentialEvent: Bool {
        Self.credentialEventTypes.contains(type) && data.resource.type == "credential"
    }

    /// Decodes an envelope from the raw request body.
    ///
    /// A well-formed envelope is read from the gateway's own JSON parser (``init(wellFormed:)``):
    /// `JSONDecoder` took 53k instructions per webhook, 1.6 % of `serve`'s (docs/PERFORMANCE.md,
    /// fourteenth round). Anything else goes to `JSONDecoder`, which refuses it with the field's name,
    /// as before; a test holds both readers to the same envelopes and the same refusals.
    public static func decode(_ body: [UInt8]) throws(WebhookError) -> WebhookEnvelope {
        if let json = try? JSONValue(parsing: body), let envelope = WebhookEnvelope(wellFormed: json) { return envelope }
        return try decodeWithFoundation(body)
    }

    /// ``decode(_:)`` by `JSONDecoder` alone: the `Codable` conformance, and the refusal texts.
    static func decodeWithFoundation(_ body: [UInt8]) throws(WebhookError) -> WebhookEnvelope {
        do {
            return try JSONDecoder().decode(WebhookEnvelope.self, from: Data(body))
        } catch let DecodingError.keyNotFound(key, context) {
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw .malformedEnvelope("missing field '\(path)'")
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .malformedEnvelope("field '\(path)' has the wrong type")
        } catch {
            throw .malformedEnvelope("body is not a JSON webhook envelope")
        }
    }
}

extension WebhookEnvelope {
    /// The envelope in `json` when every member is of the type ``init(from:)`` decodes (`id`, `type`,
    /// `data.resource.id` and `data.resource.type` strings; `createdAt` a string, null or absent;
    /// other members ignored); nil for anything else, which ``decode(_:)`` leaves to `JSONDecoder`.
    init?(wellFormed json: JSONValue) {
        guard case .object(let object) = json, case .string(let id)? = object["id"],
            case .string(let type)? = object["type"], case .object(let data)? = object["data"],
            case .object(let resource)? = data["resource"], case .string(let resourceId)? = resource["id"],
            case .string(let resourceType)? = resource["type"]
        else { return nil }
        let createdAt: String?
        switch object["createdAt"] {
        case nil, .null?: createdAt = nil
        case .string(let text)?: createdAt = text
        default: return nil
        }
        self.init(id: id, type: type, createdAt: createdAt, resource: Resource(id: resourceId, type: resourceType))
    }
}

/// Why a webhook request was refused.
public enum WebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `X-Webhook-Signature` header is absent.
    case missingSignature
    /// The header is present but is not the HMAC-SHA256 of the body under the configured secret.
    case badSignature
    /// The body is not a webhook envelope.
    case malformedEnvelope(String)

    /// Text safe to log and to return to the caller (it never includes the secret or a digest).
    public var description: String {
        switch self {
        case .missingSignature: "missing X-Webhook-Signature header"
        case .badSignature: "X-Webhook-Signature does not match the body (HMAC-SHA256, hex)"
        case .malformedEnvelope(let why): "malformed webhook envelope: \(why)"
        }
    }
}
