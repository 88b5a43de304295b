import Credentials
import Foundation
import JSONCanonical
import StatusList

/// `verify --status-list URL=FILE`: the lists a verifier reads status entries against.
enum StatusListOption {
    /// Reads each list, verifies its proof with `verifier` and checks its validity dates, so a
    /// forged or stale list cannot clear a revoked credential.
    static func load(_ options: [String], verifier: DataIntegrityVerifier, now: Date = Date()) throws -> [String: StatusListCredential] {
        var lists: [String: StatusListCredential] = [:]
        for option in options {
            guard let separator = option.firstIndex(of: "="), separator != option.startIndex else {
                throw CommandFailure("--status-list '\(option)': expected URL=FILE")
            }
            let url = String(option[..<separator])
            let path = String(option[option.index(after: separator)...])
            let document: JSONValue
            do {
                document = try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            } catch {
                throw CommandFailure("--status-list \(path): cannot read a JSON status list credential (\(error))")
            }
            do {
                _ = try verifier.verify(document)
            } catch {
                throw CommandFailure("--status-list \(url): the list's proof does not verify: \(error)")
            }
            for (key, isAfter) in [("validFrom", false), ("validUntil", true)] {
                guard let text = document[key]?.stringValue else { continue }
                guard let date = ProofDate.parse(text) else {
                    throw CommandFailure("--status-list \(url): \(key) '\(text)' is not a date-time")
                }
                if isAfter ? date < now : date > now {
                    throw CommandFailure("--status-list \(url): the list is \(isAfter ? "expired" : "not yet valid") (\(key) \(text))")
                }
            }
            do {
                lists[url] = try StatusListCredential(document, url: url)
            } catch {
                throw CommandFailure("--status-list \(url): \(error)")
            }
        }
        return lists
    }
}
