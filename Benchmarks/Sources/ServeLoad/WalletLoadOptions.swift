import Foundation

/// The options of `ServeLoad wallet-load`.
struct WalletLoadOptions: Sendable {
    /// Webhooks to send, one per distinct credential.
    var count = 20_000
    /// `certbridge serve` processes sharing the outbox (2 needs PostgreSQL).
    var instances = 1
    /// `sqlite`, or `postgres` (the URL of an empty database in $BENCH_POSTGRES_URL).
    var store = "sqlite"
    /// Webhook requests in flight at once.
    var connections = 32
    /// `delivery.concurrency` of each serve process: `--delivery-concurrency`, else
    /// ``defaultDeliveryConcurrency(store:)``.
    var deliveryConcurrency: Int { chosenDeliveryConcurrency ?? Self.defaultDeliveryConcurrency(store: store) }
    private var chosenDeliveryConcurrency: Int?

    /// The worker's concurrency bounds a burst's rate at concurrency ÷ time per job, and a job's time
    /// in a burst is mostly its turn in serve's queues (two HTTP exchanges, two store writes): at 16
    /// the SQLite runs stayed under 1,500/s with CPU left idle (docs/PERFORMANCE.md, thirteenth
    /// round). SQLite takes the largest value `delivery.concurrency` allows. A PostgreSQL instance
    /// opens concurrency + 2 connections, and the test cluster allows 200: 64 leaves room for two.
    static func defaultDeliveryConcurrency(store: String) -> Int { store == "postgres" ? 64 : 256 }
    /// Profile whose credentials the synthetic Certifier serves.
    var profile = "course-certificate-tsg"
    /// Overrides the profile's suite; `nil` keeps its own (JsonWebSignature2020 for the TSG profile).
    var suite: String?
    /// Adds a status list (one revocation entry per credential) to the profile.
    var status = false
    /// Webhooks per second; 0 sends as fast as the connections allow.
    var rate = 0.0
    /// Every n-th import is verified by the wallet stand-in.
    var sampleEvery = 50
    /// Gives up after this long.
    var timeout = 600
    /// The certbridge binary (default: next to this executable).
    var binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("certbridge").path
    /// The first serve process's port (the next ones count up).
    var port = ProcessInfo.processInfo.environment["BENCH_LISTEN_PORT"].flatMap(Int.init) ?? 8089

    static let usage = """
        ServeLoad wallet-load [--count N] [--instances 1|2] [--store sqlite|postgres] [--connections C]
                              [--delivery-concurrency D (256 SQLite, 64 PostgreSQL)] [--profile NAME] [--suite SUITE] [--status]
                              [--rate PER_SECOND] [--sample-every K] [--timeout SECONDS] [--binary PATH]
        """

    init(arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw LoadError("\(name) needs a value\n\(Self.usage)") }
            return next
        }
        func number(_ name: String) throws -> Int {
            let text = try value(name)
            guard let number = Int(text), number > 0 else { throw LoadError("\(name) \(text): not a positive number") }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--count": count = try number(argument)
            case "--instances": instances = try number(argument)
            case "--store": store = try value(argument)
            case "--connections": connections = try number(argument)
            case "--delivery-concurrency": chosenDeliveryConcurrency = try number(argument)
            case "--profile": profile = try value(argument)
            case "--suite": suite = try value(argument)
            case "--status": status = true
            case "--rate": rate = Double(try number(argument))
            case "--sample-every": sampleEvery = try number(argument)
            case "--timeout": timeout = try number(argument)
            case "--binary": binary = try value(argument)
            default: throw LoadError("unknown option \(argument)\n\(Self.usage)")
            }
        }
        guard ["sqlite", "postgres"].contains(store) else { throw LoadError("--store \(store): sqlite or postgres") }
        guard store == "postgres" || instances == 1 else {
            throw LoadError("--instances \(instances) needs --store postgres (a SQLite outbox has one serve process)")
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw LoadError("no certbridge binary at \(binary) (build it: swift build -c release --package-path Benchmarks --product certbridge)")
        }
    }
}
