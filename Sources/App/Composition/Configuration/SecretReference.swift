import Foundation
import Yams
import Secrets

/// A secret named in the configuration as `${ENV_NAME}` or `file:/path`, never as a literal,
/// so that the file itself can be shared and checked in.
enum SecretReference: Equatable {
    case environment(String)
    case file(String)

    init?(_ text: String) {
        if text.hasPrefix("${"), text.hasSuffix("}") {
            let name = String(text.dropFirst(2).dropLast())
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            self = .environment(name)
        } else if text.hasPrefix("file:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { return nil }
            self = .file(path)
        } else {
            return nil
        }
    }

    /// The secret, or a message that names the variable or file (never a value).
    func resolve(environment: [String: String], relativeTo directory: String) -> Result<Secret, SecretError> {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                return .failure(SecretError("environment variable \(name) is not set or empty"))
            }
            return .success(Secret(value))
        case .file(let path):
            let full = ConfigurationReader.absolute(path, in: directory)
            guard let data = FileManager.default.contents(atPath: full) else {
                return .failure(SecretError("secret file \(full) cannot be read"))
            }
            // Files written with `echo` end in a newline that is not part of the secret.
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
            guard !value.isEmpty else { return .failure(SecretError("secret file \(full) is empty")) }
            return .success(Secret(value))
        }
    }
}

struct SecretError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension ConfigurationReader {
    mutating func secret(
        _ mapping: Node.Mapping?, _ key: String, _ field: String, environment: [String: String], directory: String,
        required: Bool = true
    ) -> Secret? {
        guard let node = mapping?[key] else {
            if required && mapping != nil { problem(nil, field, "missing (required): give ${ENV_NAME} or file:/path") }
            return nil
        }
        // From the environment the value is the secret itself (or a `_FILE`'s content), as containers pass it.
        if fromEnvironment(field) {
            guard let text = node.scalar?.string, !text.isEmpty else {
                problem(node, field, "must be a non-empty string")
                return nil
            }
            return Secret(text)
        }
        guard let text = node.scalar?.string, let reference = SecretReference(text) else {
            problem(node, field, "secrets must be given as ${ENV_NAME} or file:/path, not written into the file")
            return nil
        }
        switch reference.resolve(environment: environment, relativeTo: directory) {
        case .success(let secret): return secret
        case .failure(let error):
            problem(node, field, error.message)
            return nil
        }
    }
}
