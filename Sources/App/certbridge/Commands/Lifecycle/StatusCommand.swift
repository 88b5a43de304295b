import ArgumentParser
import Composition
import Foundation
import Lifecycle
import Outbox

/// `certbridge status <VC id>` and `certbridge status export DIR`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a credential's status, or export the signed status lists.",
        subcommands: [StatusShowCommand.self, StatusExportCommand.self], defaultSubcommand: StatusShowCommand.self)
}

/// `certbridge status show ID`.
struct StatusShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the history and status entries of a VC, or of every VC of a Certifier credential.")

    @OptionGroup var outbox: OutboxOptions

    @Argument(help: "A VC id or a Certifier credential id.")
    var id: String

    func run() async throws {
        let issued = try await outbox.open().issued(matching: id)
        guard !issued.isEmpty else { throw ValidationError("no issued VC has the id \(id), and no Certifier credential with that id was issued") }
        for vc in issued {
            print("\(vc.vcId)")
            print("  certifier id  \(vc.sourceId)")
            print("  revision      \(vc.revision)  (profile \(vc.profile ?? "?"))")
            print("  issued        \(LifecycleText.time(vc.issuedAt))")
            print("  state         \(vc.state.rawValue)" + (vc.reason.map { "  (\($0))" } ?? ""))
            if vc.slots.isEmpty {
                print("  status        no status entry: its profile had no status:, so no list can revoke or suspend it")
            }
            for slot in vc.slots { print("  \(slot.purpose.padding(12))  list \(slot.list), index \(slot.index)") }
        }
    }
}

/// `certbridge status export DIR --config FILE`.
struct StatusExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Sign the status lists that are due and write every signed list to DIR, for static hosting.",
        discussion: "Each list is written as DIR/<list>, the last segment of its URL <public_url>/status/<list>; serve DIR at <public_url>/status/.")

    @Option(name: .long, help: "Configuration file. \(ConfigOption.help)")
    var config: String?

    @Argument(help: "Directory to write the lists to (created if needed).")
    var directory: String

    func run() async throws {
        let parts = try await CommandParts.load(config)
        guard let publisher = parts.statusPublisher() else {
            throw ValidationError("\(ConfigOption.name(config)) has no public_url: status lists are published under <public_url>/status/")
        }
        let publication = try await publisher.publishDue()
        let lists = try await parts.store.publishedStatusLists()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for list in lists {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(list.slug)
            try Data(list.credential.utf8).write(to: url, options: .atomic)
            print("\(url.path)  (valid until \(LifecycleText.time(list.validUntil)), ETag \(list.etag))")
        }
        print("\(lists.count) lists written, \(publication.signed.count) signed now")
        for failure in publication.failures { print("not signed: \(failure)") }
        if publication.skipped { print("another instance holds the publication lock; written as it last published them") }
        if !publication.failures.isEmpty { throw ExitCode(1) }
    }
}
