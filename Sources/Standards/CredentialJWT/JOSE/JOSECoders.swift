import Foundation
import JSONCanonical
import JWTKit

/// The JSON coders handed to jwt-kit: a ``JSONPayload`` is written as its own compact JSON (member
/// order kept, so a JWT's payload is byte-for-byte what was built) and read with the strict
/// JSONCanonical parser; everything else (the header) goes through Foundation with sorted keys,
/// because jwt-kit keeps header members in a dictionary and their order must not vary run to run.
struct JOSEEncoder: JWTJSONEncoder {
    func encode<T: Encodable>(_ value: T) throws -> Data {
        if let payload = value as? JSONPayload {
            return Data(JSONValue.object(payload.object).compactString.utf8)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return try encoder.encode(value)
    }
}

/// See ``JOSEEncoder``.
struct JOSEDecoder: JWTJSONDecoder {
    func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if type == JSONPayload.self {
            let value = try JSONValue(parsing: Array(data))
            guard case .object(let object) = value else {
                throw CredentialJWTError.malformed(reason: "the payload is a JSON \(value.kindName), not an object")
            }
            // The cast cannot fail: T is JSONPayload.
            if let payload = JSONPayload(object) as? T { return payload }
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(type, from: data)
    }
}

extension JWTKeyCollection {
    /// A key collection whose parser and serializer use ``JOSEEncoder``/``JOSEDecoder``.
    static func certbridge() -> JWTKeyCollection {
        JWTKeyCollection(
            defaultJWTParser: DefaultJWTParser(jsonDecoder: JOSEDecoder()),
            defaultJWTSerializer: DefaultJWTSerializer(jsonEncoder: JOSEEncoder()))
    }
}
