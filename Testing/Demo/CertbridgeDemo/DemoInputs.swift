import Foundation
import JSONCanonical

/// One example Certifier credential and its id.
struct DemoExample: Sendable {
    let id: String
    let document: JSONValue
}

/// Reads the examples file.
enum DemoInputs {
    /// Every non-blank line of `path`, each a Certifier credential with a string `id`.
    static func examples(_ path: String) throws(DemoError) -> [DemoExample] {
        guard let data = FileManager.default.contents(atPath: DemoOptions.absolute(path).path) else {
            throw .missingInput(what: "examples file", path: path)
        }
        var examples: [DemoExample] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let document: JSONValue
            do {
                document = try JSONValue(parsing: String(line))
            } catch {
                throw .badExample(path: path, line: index + 1, reason: error.description)
            }
            guard let id = document["id"]?.stringValue, !id.isEmpty else {
                throw .badExample(path: path, line: index + 1, reason: "a Certifier credential needs a string 'id'")
            }
            examples.append(DemoExample(id: id, document: document))
        }
        guard !examples.isEmpty else { throw .badExample(path: path, line: 1, reason: "no credentials in the file") }
        return examples
    }
}
