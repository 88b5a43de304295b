import Composition
import ArgumentParser
import Outbox
import Foundation
import Gateway

/// `certbridge deliveries`: inspect and replay the outbox.
struct DeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "Inspect and replay the delivery outbox.",
        subcommands: [DeliveriesListCommand.self, DeliveriesShowCommand.self, DeliveriesRetryCommand.self]
    )
}

/// Where the outbox is: the configuration's `store` section (`sqlite` or `postgres`).
struct OutboxOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (only its store section is read). \(ConfigOption.help)")
    var config: String?

    func open() async throws -> any OutboxStore {
        do {
            let settings = try GatewayConfiguration.storeSettings(configurationFile: ConfigOption.path(config))
            if case .sqlite(let path) = settings, !FileManager.default.fileExists(atPath: path) {
                throw ValidationError("outbox \(path) does not exist (has certbridge serve run with this configuration?)")
            }
            let store = try settings.open(connections: 2)
            try await store.prepare()
            return store
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch let error as OutboxError {
            throw ValidationError(error.description)
        }
    }
}

/// `certbridge deliveries list [--status S]`.
struct DeliveriesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs, newest first.")

    @OptionGroup var outbox: OutboxOptions

    @Option(name: .long, help: "Only jobs in this state: received, fetched, signed, delivered, dead, no-match, deleted.")
    var status: String?

    @Option(name: .long, help: "At most this many jobs.")
    var limit: Int = 100

    func run() async throws {
        let state: JobState?
        if let status {
            guard let parsed = JobState(rawValue: status) else {
                throw ValidationError(
                    "unknown status '\(status)'; use one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            state = parsed
        } else {
            state = nil
        }
        let store = try await outbox.open()
        let jobs = try await store.jobs(state: state, limit: limit)
        print(DeliveryTable.header)
        for job in jobs { print(DeliveryTable.row(job)) }
        let counts = try await store.counts()
        print(JobState.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))
    }
}

/// `certbridge deliveries show ID`.
struct DeliveriesShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one job with its VC.")

    @OptionGroup var outbox: OutboxOptions

    @Argument(help: "Job id (first column of deliveries list).")
    var id: Int64

    func run() async throws {
        guard let job = try await outbox.open().job(id: id) else { throw ValidationError("no job \(id)") }
        print(DeliveryTable.detail(job))
    }
}

/// `certbridge deliveries retry ID | --all-dead`.
struct DeliveriesRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Make a dead or no-match job (or every dead job) due again; a running serve picks it up.")

    @OptionGroup var outbox: OutboxOptions

    @Argument(help: "Job id.")
    var id: Int64?

    @Flag(name: .long, help: "Retry every dead job.")
    var allDead = false

    func validate() throws {
        guard (id != nil) != allDead else { throw ValidationError("give either a job ID or --all-dead") }
    }

    func run() async throws {
        let store = try await outbox.open()
        if allDead {
            let count = try await store.retryAllDead(now: Date())
            print("\(count) dead job(s) queued again")
            return
        }
        guard let id else { return }
        guard let job = try await store.retry(id: id, now: Date()) else {
            let state = try await store.job(id: id)?.state.rawValue
            throw ValidationError(
                state.map { "job \(id) is \($0); only dead and no-match jobs can be retried" } ?? "no job \(id)")
        }
        print("job \(job.id) (\(job.sourceId)) queued again as \(job.state)")
    }
}

/// Text rendering of jobs for the terminal.
enum DeliveryTable {
    static let header = pad(["ID", "STATE", "TRIES", "CREDENTIAL", "UPDATED", "VC / LAST ERROR"])

    static func row(_ job: DeliveryJob) -> String {
        let detail = job.state == .delivered ? (job.vcId ?? "") : (job.lastError ?? job.vcId ?? "")
        return pad([
            String(job.id), job.state.rawValue, String(job.attempts), job.sourceId, timestamp(job.updatedAt), detail,
        ])
    }

    static func detail(_ job: DeliveryJob) -> String {
        var lines = [
            "job            \(job.id)", "state          \(job.state)", "credential     \(job.sourceId)",
            "event          \(job.eventId ?? "(convert --deliver)")", "attempts       \(job.attempts)",
            "next attempt   \(timestamp(job.nextAttemptAt))", "created        \(timestamp(job.createdAt))",
            "updated        \(timestamp(job.updatedAt))",
        ]
        if let profile = job.profile { lines.append("profile        \(profile)") }
        if let vcId = job.vcId { lines.append("vc id          \(vcId)") }
        if let record = job.receipt { lines.append("wallet record  \(record)") }
        if let delivered = job.deliveredAt { lines.append("delivered      \(timestamp(delivered))") }
        if let error = job.lastError { lines.append("last error     \(error)") }
        if let vc = job.vc { lines.append("vc\n" + vc.prettyString) }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ columns: [String]) -> String {
        let widths = [6, 10, 6, 28, 21]
        var text = ""
        for (index, column) in columns.enumerated() {
            if index < widths.count {
                text += column.padding(toLength: max(widths[index], column.count + 1), withPad: " ", startingAt: 0)
            } else {
                text += column
            }
        }
        return text
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
