import Destination
import Foundation
import Yams

/// Where an effective configuration value came from: what `certbridge config check` shows, never
/// the value itself.
public enum ConfigurationSource: Sendable, Equatable, CustomStringConvertible {
    /// The configuration file.
    case file
    /// An environment variable holding the value.
    case environment(variable: String)
    /// An environment variable `…_FILE` naming a file that holds the value (a mounted secret).
    case environmentFile(variable: String, path: String)

    /// The variable that set the value, if one did.
    public var variable: String? {
        switch self {
        case .file: nil
        case .environment(let variable), .environmentFile(let variable, _): variable
        }
    }

    /// `file`, `env NAME` or `env NAME_FILE (path)`.
    public var description: String {
        switch self {
        case .file: "file"
        case .environment(let variable): "env \(variable)"
        case .environmentFile(let variable, let path): "env \(variable) (\(path))"
        }
    }
}

/// Configuration keys set from environment variables, so a container needs no file edits.
///
/// A key's variable is `CERTBRIDGE_` and its dotted path upper-cased, with `.` and `-` written `_`
/// (`store.postgres` → `CERTBRIDGE_STORE_POSTGRES`, `destinations.tsg-wallet.base_url` →
/// `CERTBRIDGE_DESTINATIONS_TSG_WALLET_BASE_URL`). The names are generated from
/// ``ConfigurationSchema``, the table the YAML reader checks keys against, so every key has one.
/// The environment is laid over the parsed file as YAML scalars and the one reader reads the
/// result: a value from the environment is checked exactly as the same text in the file would be.
struct ConfigurationEnvironment {
    static let prefix = "CERTBRIDGE_"
    /// `NAME_FILE=/run/secrets/x`: the value is the file's content (its trailing newlines dropped).
    static let fileSuffix = "_FILE"

    /// The variable that sets the key at `path`.
    static func variable(for path: [String]) -> String {
        prefix + path.joined(separator: "_").uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Variable name → key path.
    let paths: [String: [String]]

    init(kinds: [DestinationKind] = DestinationCatalog.kinds.kinds) {
        var paths: [String: [String]] = [:]
        for path in ConfigurationSchema.allPaths(kinds: kinds) {
            paths[Self.variable(for: path)] = path
        }
        self.paths = paths
    }

    /// The file's document with the environment laid over it.
    struct Overlay {
        /// The document the reader reads (`nil` only when the file's top level is not a mapping,
        /// which the reader reports).
        var root: Node?
        /// Where each key that is set came from, by dotted path.
        var sources: [String: ConfigurationSource]
        /// Variables that cannot be used: unreadable `_FILE`s, both forms set, unknown names.
        var problems: [ConfigurationError.Problem]
    }

    /// Lays the `CERTBRIDGE_*` variables of `environment` over `root`; the environment wins.
    /// Empty variables count as unset, as a compose file's `NAME=` usually means.
    func overlay(_ root: Node?, environment: [String: String]) -> Overlay {
        if let root, root.mapping == nil { return Overlay(root: root, sources: [:], problems: []) }
        var document = root?.mapping ?? Node.Mapping([])
        var sources: [String: ConfigurationSource] = [:]
        for path in paths.values where Self.value(at: path[...], in: document) != nil {
            sources[path.joined(separator: ".")] = .file
        }
        var problems: [ConfigurationError.Problem] = []
        func problem(_ variable: String, _ field: String, _ message: String) {
            problems.append(.init(position: nil, field: field, message: message, variable: variable))
        }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix(Self.prefix) && !value.isEmpty {
            let path: [String]
            let text: String
            let source: ConfigurationSource
            if let direct = paths[name] {
                if environment[name + Self.fileSuffix].map({ !$0.isEmpty }) == true {
                    problem(name, direct.joined(separator: "."), "set either \(name) or \(name + Self.fileSuffix), not both")
                    continue
                }
                (path, text, source) = (direct, value, .environment(variable: name))
            } else if name.hasSuffix(Self.fileSuffix), let target = paths[String(name.dropLast(Self.fileSuffix.count))] {
                let field = target.joined(separator: ".")
                if environment[String(name.dropLast(Self.fileSuffix.count))].map({ !$0.isEmpty }) == true { continue }
                guard let data = FileManager.default.contents(atPath: value) else {
                    problem(name, field, "file \(value) cannot be read")
                    continue
                }
                // Files written with `echo` end in a newline that is not part of the value.
                let content = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
                guard !content.isEmpty else {
                    problem(name, field, "file \(value) is empty")
                    continue
                }
                (path, text, source) = (target, content, .environmentFile(variable: name, path: value))
            } else {
                if let closest = closestKnown(to: name) { problem(name, "", "not a configuration key; did you mean \(closest)?") }
                continue
            }
            let field = path.joined(separator: ".")
            let node: Node
            if ConfigurationSchema.lists.contains(field), text.hasPrefix("[") {
                // A list in YAML's flow form, as in the file: `[10.0.0.0/8, 192.168.0.0/16]`.
                guard let parsed = try? Yams.compose(yaml: text), parsed.sequence != nil else {
                    problem(name, field, "expected a list like [a, b], got '\(text)'")
                    continue
                }
                node = parsed
            } else {
                node = Node(text)
            }
            for group in ConfigurationSchema.alternatives where group.contains(field) {
                for other in group.subtracting([field]) where sources[other] == .file {
                    Self.set(nil, at: other.split(separator: ".").map(String.init)[...], in: &document)
                    sources[other] = nil
                }
            }
            Self.set(node, at: path[...], in: &document)
            sources[field] = source
        }
        return Overlay(root: .mapping(document), sources: sources, problems: problems)
    }

    /// The known variable nearest to `name`, when `name` looks like a configuration variable:
    /// it starts with a top-level key's prefix (`CERTBRIDGE_STORE_…`) or is a few edits from a known name.
    func closestKnown(to name: String) -> String? {
        let scored = paths.keys.map { ($0, Self.distance($0, name)) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        let underSection = ConfigurationSchema.topLevelKeys.contains { key in
            name.hasPrefix(Self.variable(for: [key]) + "_")
        }
        return underSection || best.1 <= 3 ? best.0 : nil
    }

    /// Levenshtein distance over UTF-8 bytes (variable names are ASCII).
    static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    static func value(at path: ArraySlice<String>, in mapping: Node.Mapping) -> Node? {
        guard let first = path.first, let node = mapping[first] else { return nil }
        if path.count == 1 { return node }
        return node.mapping.flatMap { value(at: path.dropFirst(), in: $0) }
    }

    /// Sets (or with `nil` removes) the value at `path`, making the sections on the way; a section
    /// the file gave as something other than a mapping is replaced, as the environment wins.
    static func set(_ value: Node?, at path: ArraySlice<String>, in mapping: inout Node.Mapping) {
        guard let first = path.first else { return }
        if path.count == 1 {
            mapping[first] = value
            return
        }
        var child = mapping[first]?.mapping ?? Node.Mapping([])
        set(value, at: path.dropFirst(), in: &child)
        mapping[first] = .mapping(child)
    }
}
