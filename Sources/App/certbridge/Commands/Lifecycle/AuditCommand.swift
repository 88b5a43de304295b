import ArgumentParser
import Foundation
import Outbox

/// `certbridge audit [--subject ID] [--limit N]`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show the audit trail of issues and status changes, newest first.")

    @OptionGroup var outbox: OutboxOptions

    @Option(name: .long, help: "Only entries about this VC id, or about the VCs of this Certifier credential id.")
    var subject: String?

    @Option(name: .long, help: "At most this many entries.")
    var limit: Int = 100

    func run() async throws {
        let entries = try await outbox.open().auditTrail(subject: subject, limit: limit)
        print("when                  who           action       before -> after        subject  (why)")
        for entry in entries {
            print(
                "\(LifecycleText.time(entry.at))  \(entry.actor.padding(12))  \(entry.action.padding(11))  "
                    + "\((entry.before + " -> " + entry.after).padding(21))  \(entry.subject)  (\(entry.reason))")
        }
        if entries.isEmpty { print("(no entries)") }
    }
}

/// Formatting shared by the lifecycle commands.
enum LifecycleText {
    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
