import ArgumentParser
import Foundation
import Outbox

#if canImport(Glibc)
    import Glibc
#endif

/// What `revoke`, `suspend` and `unsuspend` share: the id, the reason, the store.
struct StatusChangeOptions: ParsableArguments {
    @OptionGroup var outbox: OutboxOptions

    @Argument(help: "A VC id, or a Certifier credential id (all its current VCs).")
    var id: String

    @Option(name: .long, help: "Why; recorded in the audit trail.")
    var reason: String

    /// Applies `change` and prints one line per VC; exits 1 when nothing could be changed.
    func apply(_ change: StatusChange) async throws {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationError("--reason must say why (it is recorded in the audit trail)") }
        let store = try await outbox.open()
        let results = try await store.changeStatus(of: id, change, reason: trimmed, actor: OperatorIdentity.current, now: Date())
        guard !results.isEmpty else {
            throw ValidationError("no issued VC has the id \(id), and no Certifier credential with that id was issued (see certbridge status)")
        }
        for result in results { print(result) }
        let refused = results.filter {
            switch $0 {
            case .noEntry, .final: true
            case .changed, .unchanged: false
            }
        }
        if results.contains(where: { if case .changed = $0 { true } else { false } }) {
            print("a running certbridge serve on this store publishes the change within its status.publish_interval")
        }
        if !refused.isEmpty { throw ExitCode(1) }
    }
}

/// Who runs a command, for the audit trail: the operating-system user.
enum OperatorIdentity {
    static var current: String {
        #if canImport(Glibc)
            if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return "os:" + String(cString: name) }
        #endif
        return "os:" + (ProcessInfo.processInfo.environment["USER"] ?? "uid \(getuid())")
    }
}

/// `certbridge revoke ID --reason TEXT`.
struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a VC (final): sets its bit in its revocation status list.",
        discussion: "A VC issued without a revocation entry (its profile had no status:) cannot be revoked; the command says so and exits 1.")

    @OptionGroup var options: StatusChangeOptions

    func run() async throws { try await options.apply(.revoke) }
}

/// `certbridge suspend ID --reason TEXT`.
struct SuspendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend", abstract: "Suspend a VC: sets its bit in its suspension status list (undo with unsuspend).")

    @OptionGroup var options: StatusChangeOptions

    func run() async throws { try await options.apply(.suspend) }
}

/// `certbridge unsuspend ID --reason TEXT`.
struct UnsuspendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsuspend", abstract: "Lift a suspension: clears the VC's bit in its suspension status list.")

    @OptionGroup var options: StatusChangeOptions

    func run() async throws { try await options.apply(.unsuspend) }
}
