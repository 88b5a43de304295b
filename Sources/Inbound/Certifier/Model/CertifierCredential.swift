/// A Certifier credential as returned by `GET /v1/credentials/{id}`.
///
/// Only `id` is required; every other field is optional and unknown fields are ignored, because
/// Certifier adds fields over time and the gateway must keep working when it does.
public struct CertifierCredential: Codable, Sendable, Hashable {
    /// The credential's ULID.
    public var id: String
    /// The public page id (a UUID).
    public var publicId: String?
    /// The group (credential design) the credential belongs to.
    public var groupId: String?
    /// `draft`, `issued`, `expired`, … (open set).
    public var status: String?
    /// The person the credential was issued to.
    public var recipient: Recipient?
    /// Issue date, `YYYY-MM-DD`.
    public var issueDate: String?
    /// Expiry date, `YYYY-MM-DD`, absent when the credential does not expire.
    public var expiryDate: String?
    /// Standard attributes such as `recipient.name`; non-string values are dropped.
    public var attributes: [String: String]?
    /// Custom attributes keyed `custom.<tag>`; non-string values are dropped.
    public var customAttributes: [String: String]?
    /// Creation time (ISO 8601 with milliseconds).
    public var createdAt: String?
    /// Last update time (ISO 8601 with milliseconds).
    public var updatedAt: String?

    /// The recipient block of a credential.
    public struct Recipient: Codable, Sendable, Hashable {
        /// Certifier's id of the recipient.
        public var id: String?
        /// Display name.
        public var name: String?
        /// E-mail address.
        public var email: String?

        /// Creates a recipient.
        public init(id: String? = nil, name: String? = nil, email: String? = nil) {
            self.id = id
            self.name = name
            self.email = email
        }
    }

    /// Creates a credential value (tests and stand-ins build them this way).
    public init(
        id: String, publicId: String? = nil, groupId: String? = nil, status: String? = nil,
        recipient: Recipient? = nil, issueDate: String? = nil, expiryDate: String? = nil,
        attributes: [String: String]? = nil, customAttributes: [String: String]? = nil,
        createdAt: String? = nil, updatedAt: String? = nil
    ) {
        self.id = id
        self.publicId = publicId
        self.groupId = groupId
        self.status = status
        self.recipient = recipient
        self.issueDate = issueDate
        self.expiryDate = expiryDate
        self.attributes = attributes
        self.customAttributes = customAttributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, publicId, groupId, status, recipient, issueDate, expiryDate, attributes, customAttributes
        case createdAt, updatedAt
    }

    /// Decodes tolerantly: attribute maps keep their string values and skip the rest.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        publicId = try container.decodeIfPresent(String.self, forKey: .publicId)
        groupId = try container.decodeIfPresent(String.self, forKey: .groupId)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        recipient = try container.decodeIfPresent(Recipient.self, forKey: .recipient)
        issueDate = try container.decodeIfPresent(String.self, forKey: .issueDate)
        expiryDate = try container.decodeIfPresent(String.self, forKey: .expiryDate)
        attributes = try container.decodeIfPresent(LenientStringMap.self, forKey: .attributes)?.values
        customAttributes = try container.decodeIfPresent(LenientStringMap.self, forKey: .customAttributes)?.values
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt)
        updatedAt = try container.decodeIfPresent(String.self, forKey: .updatedAt)
    }
}

/// A JSON object whose string members are kept and whose other members are skipped.
struct LenientStringMap: Decodable {
    var values: [String: String] = [:]

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys {
            if let text = try? container.decode(String.self, forKey: key) {
                values[key.stringValue] = text
            }
        }
    }
}
