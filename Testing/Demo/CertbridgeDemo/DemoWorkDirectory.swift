import Credentials
import Foundation

/// The demo's work directory: the dev key survives runs; the outbox and outputs start fresh,
/// because the stand-ins start empty each time.
struct DemoWorkDirectory: Sendable {
    /// As given on the command line, for the report.
    let shown: String
    let url: URL

    /// Creates the directory and removes the previous run's outbox and outputs.
    init(_ path: String) throws(DemoError) {
        shown = path
        url = DemoOptions.absolute(path)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for name in ["outbox.sqlite", "outbox.sqlite-wal", "outbox.sqlite-shm", "wallet.ndjson", "did.json"] {
                let file = url.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
            }
        } catch {
            throw .workDirectory(path: path, reason: error.localizedDescription)
        }
    }

    /// `issuer.jwk`: generated (Ed25519, mode 0600) unless present. Says which, for the report.
    func ensureKey() throws(DemoError) -> String {
        let path = url.appendingPathComponent("issuer.jwk").path
        let shownPath = (shown as NSString).appendingPathComponent("issuer.jwk")
        if FileManager.default.fileExists(atPath: path) {
            do {
                let key = try SigningKey.load(from: path)
                return "\(shownPath) (\(key.type.name), reused)"
            } catch {
                throw .key(path: shownPath, reason: error.description)
            }
        }
        do {
            try SigningKey.generate(.ed25519).save(to: path)
        } catch {
            throw .key(path: shownPath, reason: error.description)
        }
        return "\(shownPath) (Ed25519, generated, mode 0600)"
    }

    /// A file in the directory as the report shows it.
    func shown(_ name: String) -> String { (shown as NSString).appendingPathComponent(name) }

    /// Writes `text` to `name` in the directory.
    func write(_ name: String, _ text: String) throws(DemoError) {
        let file = url.appendingPathComponent(name)
        do {
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            throw .workDirectory(path: shown, reason: "cannot write \(name): \(error.localizedDescription)")
        }
    }
}
