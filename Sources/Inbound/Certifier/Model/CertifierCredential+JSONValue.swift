import JSONCanonical

extension CertifierCredential {
    /// A member of a Certifier credential that is not of the type the API documents.
    public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The member's path, such as `id` or `recipient.email`.
        public var field: String
        /// What it should have been.
        public var expected: String

        /// An error for member `field`, which should be `expected` ("a string", "an object").
        public init(field: String, expected: String) {
            self.field = field
            self.expected = expected
        }

        public var description: String { "credential member '\(field)' is not \(expected)" }
    }

    /// Reads a credential from a parsed document, by the rules of ``init(from:)``: `id` must be a
    /// string; every other member may be absent or null, and is otherwise of its type (a string, or
    /// for `recipient` an object of strings); the attribute maps keep their string members and skip
    /// the rest; members the API adds are ignored.
    ///
    /// Why a second reader: the gateway parses every credential it fetches into a ``JSONValue``
    /// for the mapping anyway, and decoding the same bytes again with `JSONDecoder` was 3 % of
    /// `serve`'s CPU in a webhook burst (docs/PERFORMANCE.md, thirteenth round). A test holds the
    /// two readers to the same result, and the same refusals, over the fixtures and edge cases.
    public init(json: JSONValue) throws(FieldError) {
        guard let object = json.objectValue else { throw FieldError(field: "(credential)", expected: "an object") }
        guard let id = object["id"]?.stringValue else { throw FieldError(field: "id", expected: "a string") }
        func string(_ value: JSONValue?, _ field: String) throws(FieldError) -> String? {
            switch value {
            case nil, .null?: return nil
            case .string(let text)?: return text
            default: throw FieldError(field: field, expected: "a string")
            }
        }
        func stringMap(_ field: String) throws(FieldError) -> [String: String]? {
            switch object[field] {
            case nil, .null?: return nil
            case .object(let members)?:
                var values: [String: String] = [:]
                for member in members.members {
                    if case .string(let text) = member.value { values[member.key] = text }
                }
                return values
            default: throw FieldError(field: field, expected: "an object")
            }
        }
        var recipient: Recipient?
        switch object["recipient"] {
        case nil, .null?: recipient = nil
        case .object(let members)?:
            recipient = Recipient(
                id: try string(members["id"], "recipient.id"), name: try string(members["name"], "recipient.name"),
                email: try string(members["email"], "recipient.email"))
        default: throw FieldError(field: "recipient", expected: "an object")
        }
        self.init(
            id: id, publicId: try string(object["publicId"], "publicId"), groupId: try string(object["groupId"], "groupId"),
            status: try string(object["status"], "status"), recipient: recipient,
            issueDate: try string(object["issueDate"], "issueDate"), expiryDate: try string(object["expiryDate"], "expiryDate"),
            attributes: try stringMap("attributes"), customAttributes: try stringMap("customAttributes"),
            createdAt: try string(object["createdAt"], "createdAt"), updatedAt: try string(object["updatedAt"], "updatedAt"))
    }
}
