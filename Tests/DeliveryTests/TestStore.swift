import Certifier
import Delivery
import Foundation

/// A fresh outbox file in a temporary directory, removed by the caller's `defer`.
struct TemporaryOutbox {
    let directory: URL
    var path: String { directory.appendingPathComponent("outbox.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("certbridge-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func open() throws -> SQLiteOutboxStore { try SQLiteOutboxStore(path: path) }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

func envelope(_ id: String, credential: String, type: String = "credential.created") -> WebhookEnvelope {
    WebhookEnvelope(id: id, type: type, resource: .init(id: credential, type: "credential"))
}

let t0 = Date(timeIntervalSince1970: 1_800_000_000)
