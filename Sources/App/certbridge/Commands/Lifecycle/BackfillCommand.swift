import ArgumentParser
import Composition
import Foundation
import Lifecycle
import Outbox

/// Loads the configuration and builds the gateway's parts, with errors a command can print.
enum CommandParts {
    static func load(_ config: String?) async throws -> GatewayParts {
        do {
            let parts = try GatewayParts(configuration: try GatewayConfiguration.load(path: ConfigOption.path(config)))
            try await parts.store.prepare()
            return parts
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch let error as CompositionError {
            throw ValidationError(error.description)
        } catch let error as OutboxError {
            throw ValidationError(error.description)
        }
    }
}

/// `certbridge backfill --config FILE [--since DATE] [--dry-run]`.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Queue every Certifier credential the outbox has not delivered (or that changed since), for certbridge serve.",
        discussion: """
            Pages GET /v1/credentials (100 a page), or with --since the search endpoint filtered on updatedAt \
            (falling back to the list, filtered here, when Certifier refuses the search). Honours 429 and Retry-After. \
            The cursor is kept in the store: an interrupted run resumes where it stopped. New credentials are queued as \
            each page is read; re-issues and revocations only at the end, and only within reconcile.max_change_share. \
            A running certbridge serve on the same store delivers what is queued.
            """)

    @Option(name: .long, help: "Configuration file. \(ConfigOption.help)")
    var config: String?

    @Option(name: .long, help: "Only credentials updated at or after this date (YYYY-MM-DD or an ISO 8601 date-time).")
    var since: String?

    @Flag(name: .long, help: "Report what would be queued; queue nothing.")
    var dryRun = false

    func run() async throws {
        let sinceDate = try since.map(Self.parseDate)
        let parts = try await CommandParts.load(config)
        do {
            let report = try await parts.reconciler().run(.backfill(since: sinceDate), dryRun: dryRun)
            print(report)
            if report.stopped != nil { throw ExitCode(2) }
        } catch let error as ReconcileError {
            throw ValidationError("backfill interrupted (run it again to resume): \(error)")
        }
    }

    static func parseDate(_ text: String) throws -> Date {
        let full = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let date = full.date(from: text) ?? fractional.date(from: text) ?? day.date(from: text) else {
            throw ValidationError("--since must be YYYY-MM-DD or an ISO 8601 date-time with a zone, got '\(text)'")
        }
        return date
    }
}

/// `certbridge reissue --profile NAME [--dry-run] --config FILE`.
struct ReissueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reissue",
        abstract: "Re-issue the delivered credentials of one profile after a profile or lookup edit (the old VCs are revoked).",
        discussion: """
            A profile edit never re-issues by itself. This marks every delivered credential of the profile for a \
            forced re-issue; certbridge serve reads each from Certifier again and issues a new revision where the \
            mapped claims differ, revoking the previous one. --dry-run maps the credentials the outbox last read and \
            says how many would change, queueing nothing.
            """)

    @Option(name: .long, help: "Configuration file. \(ConfigOption.help)")
    var config: String?

    @Option(name: .long, help: "The profile whose credentials to re-issue.")
    var profile: String

    @Flag(name: .long, help: "Report how many would change; queue nothing.")
    var dryRun = false

    @Option(name: .long, help: "Why; recorded in the audit trail (required unless --dry-run).")
    var reason: String?

    func run() async throws {
        let parts = try await CommandParts.load(config)
        guard parts.setup.profiles.profiles.contains(where: { $0.name == profile }) else {
            throw ValidationError(
                "no profile '\(profile)'; known: \(parts.setup.profiles.profiles.map(\.name).sorted().joined(separator: ", "))")
        }
        if dryRun {
            var counts: [String: Int] = [:]
            let converter = parts.converter
            for job in try await parts.store.jobs(state: .delivered, limit: Int.max) where job.profile == profile {
                guard let credential = job.credential, let previous = job.previousIssue(forced: true) else {
                    counts["not checked (no stored Certifier data)", default: 0] += 1
                    continue
                }
                switch converter.plan(credential, previous: previous) {
                case .reissue: counts["would re-issue", default: 0] += 1
                case .unchanged: counts["unchanged", default: 0] += 1
                case .noMatch: counts["no profile matches now (kept)", default: 0] += 1
                case .failed: counts["mapping fails (would be dead)", default: 0] += 1
                case .issue, .held: counts["other", default: 0] += 1
                }
            }
            print("reissue --profile \(profile) (dry run): " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            return
        }
        guard let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
            throw ValidationError("--reason must say why (it is recorded in the audit trail); --dry-run needs none")
        }
        let marked = try await parts.store.requestReissue(profile: profile, reason: reason, actor: OperatorIdentity.current, now: Date())
        print("\(marked) delivered credentials of profile '\(profile)' queued for re-issue; a running certbridge serve re-issues those whose claims changed")
    }
}
