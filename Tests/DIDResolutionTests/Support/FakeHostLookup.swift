import DIDResolution
import NIOConcurrencyHelpers

/// A `HostLookup` answering from a table and recording every name asked, so a test can show that a
/// refusal came from the lookup's answer (and that nothing was looked up for an http:// URL).
final class FakeHostLookup: HostLookup {
    struct Unknown: Error, CustomStringConvertible {
        var host: String
        var description: String { "no such host \(host) (fake lookup)" }
    }

    private let table: [String: [IPAddress]]
    private let asked = NIOLockedValueBox<[String]>([])

    /// `table` maps names to address texts (each must parse).
    init(_ table: [String: [String]]) {
        self.table = table.mapValues { $0.compactMap(IPAddress.init) }
    }

    /// The names looked up, in order.
    var calls: [String] { asked.withLockedValue { $0 } }

    func addresses(of host: String) async throws -> [IPAddress] {
        asked.withLockedValue { $0.append(host) }
        guard let found = table[host] else { throw Unknown(host: host) }
        return found
    }
}
