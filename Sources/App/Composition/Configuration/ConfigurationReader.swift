import Foundation
import Destination
import Secrets
import Yams

/// Reads typed values out of a YAML mapping, collecting every problem with its position
/// instead of stopping at the first one, and reporting keys it does not know (typos).
struct ConfigurationReader {
    private(set) var problems: [ConfigurationError.Problem] = []
    /// Where each set key came from, by dotted path: a problem with a key set from the
    /// environment names its variable instead of a line in the file.
    var sources: [String: ConfigurationSource] = [:]

    mutating func problem(_ node: Node?, _ field: String, _ message: String) {
        if let variable = sources[field]?.variable {
            problems.append(.init(position: nil, field: field, message: message, variable: variable))
        } else {
            problems.append(.init(position: node?.mark?.description, field: field, message: message))
        }
    }

    /// Adds problems found outside the reader (the environment's).
    mutating func append(_ more: [ConfigurationError.Problem]) {
        problems += more
    }

    /// Whether the key at `field` was set from the environment.
    func fromEnvironment(_ field: String) -> Bool {
        sources[field]?.variable != nil
    }

    /// The mapping at `field`, checking that it holds only `known` keys.
    mutating func mapping(_ node: Node?, _ field: String, known: Set<String>, required: Bool = true) -> Node.Mapping? {
        guard let node else {
            if required { problem(nil, field, "missing section") }
            return nil
        }
        guard let mapping = node.mapping else {
            problem(node, field, "must be a mapping of keys to values")
            return nil
        }
        for key in mapping.keys {
            let name = key.string ?? ""
            if !known.contains(name) {
                let prefix = field.isEmpty ? "" : field + "."
                problem(key, prefix + name, "unknown key (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
        return mapping
    }

    mutating func string(_ mapping: Node.Mapping?, _ key: String, _ field: String, default value: String? = nil)
        -> String?
    {
        guard let node = mapping?[key] else {
            if value == nil && mapping != nil { problem(nil, field, "missing (required)") }
            return value
        }
        guard let text = node.scalar?.string, !text.isEmpty else {
            problem(node, field, "must be a non-empty string")
            return nil
        }
        return text
    }

    mutating func optionalString(_ mapping: Node.Mapping?, _ key: String, _ field: String) -> String? {
        guard let node = mapping?[key] else { return nil }
        guard let text = node.scalar?.string else {
            problem(node, field, "must be a string")
            return nil
        }
        return text
    }

    mutating func boolean(_ mapping: Node.Mapping?, _ key: String, _ field: String, default value: Bool) -> Bool {
        guard let node = mapping?[key] else { return value }
        switch node.scalar?.string {
        case "true": return true
        case "false": return false
        default:
            problem(node, field, "must be true or false")
            return value
        }
    }

    mutating func url(_ mapping: Node.Mapping?, _ key: String, _ field: String) -> String? {
        guard let text = string(mapping, key, field) else { return nil }
        guard text.hasPrefix("https://") || text.hasPrefix("http://") else {
            problem(mapping?[key], field, "must be an http(s) URL, got '\(text)'")
            return nil
        }
        return text
    }

    mutating func integer(_ mapping: Node.Mapping?, _ key: String, _ field: String, default value: Int, range: ClosedRange<Int>)
        -> Int
    {
        bounded(mapping, key, field, default: value, range: range, kind: "a whole number")
    }

    mutating func number(_ mapping: Node.Mapping?, _ key: String, _ field: String, default value: Double, range: ClosedRange<Double>)
        -> Double
    {
        bounded(mapping, key, field, default: value, range: range, kind: "a number")
    }

    private mutating func bounded<Value: LosslessStringConvertible & Comparable>(
        _ mapping: Node.Mapping?, _ key: String, _ field: String, default value: Value, range: ClosedRange<Value>,
        kind: String
    ) -> Value {
        guard let node = mapping?[key] else { return value }
        guard let parsed = node.scalar.flatMap({ Value($0.string) }), range.contains(parsed) else {
            problem(node, field, "must be \(kind) in \(range.lowerBound)...\(range.upperBound)")
            return value
        }
        return parsed
    }

    mutating func duration(_ mapping: Node.Mapping?, _ key: String, _ field: String, default value: Duration) -> Duration {
        guard let node = mapping?[key] else { return value }
        guard let text = node.scalar?.string, let parsed = Self.parseDuration(text) else {
            let got = node.scalar.map { ", got '\($0.string)'" } ?? ""
            problem(node, field, "must be a duration such as 500ms, 2s, 10m, 1h or 7d\(got)")
            return value
        }
        return parsed
    }

    /// `path` as given when absolute, else taken from the configuration file's `directory`.
    static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    /// `500ms`, `2s`, `10m`, `1h`, `7d` (a bare number is seconds).
    static func parseDuration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count)), value >= 0 else { return nil }
            return .milliseconds(Int64((value * scale * 1000).rounded()))
        }
        return Double(trimmed).flatMap { $0 >= 0 ? .milliseconds(Int64(($0 * 1000).rounded())) : nil }
    }
}

/// One destination's section, read by its kind through ``DestinationSettingsReader``: the
/// problems go into the configuration's reader, with the section's path (`wallet.base_url`).
final class SectionReader: DestinationSettingsReader {
    private(set) var reader: ConfigurationReader
    private let mapping: Node.Mapping?
    private let node: Node
    private let field: String
    private let environment: [String: String]
    private let directory: String

    init(
        reader: ConfigurationReader, node: Node, field: String, known: Set<String>, environment: [String: String],
        directory: String
    ) {
        var reader = reader
        mapping = reader.mapping(node, field, known: known)
        self.reader = reader
        self.node = node
        self.field = field
        self.environment = environment
        self.directory = directory
    }

    private func path(of key: String) -> String { "\(field).\(key)" }

    func string(_ key: String) -> String? { reader.string(mapping, key, path(of: key)) }

    func optionalString(_ key: String) -> String? { reader.optionalString(mapping, key, path(of: key)) }

    func url(_ key: String) -> String? { reader.url(mapping, key, path(of: key)) }

    func secret(_ key: String, required: Bool) -> Secret? {
        reader.secret(mapping, key, path(of: key), environment: environment, directory: directory, required: required)
    }

    func path(_ key: String) -> String? {
        reader.string(mapping, key, path(of: key)).map { ConfigurationReader.absolute($0, in: directory) }
    }

    func duration(_ key: String) -> Duration? {
        guard mapping?[key] != nil else { return nil }
        return reader.duration(mapping, key, path(of: key), default: .zero)
    }

    func problem(_ key: String, _ message: String) {
        reader.problem(mapping?[key] ?? node, path(of: key), message)
    }
}
