import Foundation
import JSONCanonical
import JWTKit

/// A JWT payload (or any JSON object jwt-kit carries) as our order-preserving ``JSONObject``.
///
/// jwt-kit encodes payloads through `Codable`; ``JOSECoders`` write and read this type as its
/// exact JSON text instead, so member order is the credential's own and numbers stay as
/// JSONCanonical formats them. The `Codable` conformance below is the general bridge for any
/// other coder. Claims are checked by the callers (with messages naming the claim), so
/// ``verify(using:)`` has nothing to do.
struct JSONPayload: JWTPayload, Equatable {
    var object: JSONObject

    init(_ object: JSONObject) {
        self.object = object
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    func encode(to encoder: any Encoder) throws {
        try CodableJSON(.object(object)).encode(to: encoder)
    }

    init(from decoder: any Decoder) throws {
        guard case .object(let object) = try CodableJSON(from: decoder).value else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "the JWT payload is not a JSON object"))
        }
        self.object = object
    }
}

/// `Codable` for ``JSONValue``: objects through keyed containers in member order.
struct CodableJSON: Codable {
    var value: JSONValue

    init(_ value: JSONValue) {
        self.value = value
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch value {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let bool):
            var container = encoder.singleValueContainer()
            try container.encode(bool)
        case .number(let number):
            var container = encoder.singleValueContainer()
            // Whole numbers (NumericDates among them) as integers, so that no ".0" appears.
            if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
                try container.encode(Int64(number))
            } else {
                try container.encode(number)
            }
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .array(let array):
            var container = encoder.unkeyedContainer()
            for element in array { try container.encode(CodableJSON(element)) }
        case .object(let object):
            var container = encoder.container(keyedBy: Key.self)
            for member in object { try container.encode(CodableJSON(member.value), forKey: Key(stringValue: member.key)) }
        }
    }

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            var object = JSONObject()
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(CodableJSON.self, forKey: key).value }
            value = .object(object)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var array: [JSONValue] = []
            while !unkeyed.isAtEnd { array.append(try unkeyed.decode(CodableJSON.self).value) }
            value = .array(array)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            value = .null
        } else if let bool = try? single.decode(Bool.self) {
            value = .bool(bool)
        } else if let number = try? single.decode(Double.self) {
            value = .number(number)
        } else {
            value = .string(try single.decode(String.self))
        }
    }
}
