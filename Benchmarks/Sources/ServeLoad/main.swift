import Foundation

// Load runs against the serve parts on loopback (see docs/PERFORMANCE.md):
//   ServeLoad delivery COUNT [CONCURRENCY]   in-process delivery throughput into the wallet stand-in
//   ServeLoad standins DIR [SECONDS]         stand-ins + configuration for scripts/intake-load.sh
//   ServeLoad wallet-load [OPTIONS]          webhook to wallet through real serve processes (scripts/wallet-load.sh)
let arguments = CommandLine.arguments
do {
    switch arguments.count > 1 ? arguments[1] : "" {
    case "delivery":
        let count = arguments.count > 2 ? Int(arguments[2]) ?? 5_000 : 5_000
        let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 16 : 16
        try await DeliveryCommand.run(count: count, concurrency: concurrency)
    case "standins":
        guard arguments.count > 2 else { throw LoadError("standins needs a directory") }
        let seconds = arguments.count > 3 ? Int(arguments[3]) ?? 600 : 600
        try await StandInsCommand.run(directory: arguments[2], seconds: seconds)
    case "wallet-load":
        try await WalletLoadCommand.run(try WalletLoadOptions(arguments: Array(arguments.dropFirst(2))))
    default:
        print("usage: ServeLoad delivery COUNT [CONCURRENCY] | ServeLoad standins DIR [SECONDS]\n" + WalletLoadOptions.usage)
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("ServeLoad: \(error)\n".utf8))
    exit(1)
}
