import BenchmarkFixtures
import Credentials
import Foundation
import JSONCanonical
import LoadStandIns

/// `ServeLoad standins DIR [SECONDS]`: runs the synthetic Certifier and the wallet stand-in,
/// writes DIR/certbridge.yaml (listen port from $BENCH_LISTEN_PORT, default 8089) and DIR/key.jwk,
/// then serves until SECONDS (default 600) have passed or the process is stopped.
enum StandInsCommand {
    static func run(directory: String, seconds: Int) async throws {
        let templates = try ConversionSetup().walletCredentials
        let certifier = try await SyntheticCertifier(
            token: LoadConfiguration.environment["BENCH_CERTIFIER_TOKEN"] ?? "", templates: templates
        ).start()
        let wallet = LoadConfiguration.makeWallet()
        let walletServer = try await wallet.start()
        let listen = ProcessInfo.processInfo.environment["BENCH_LISTEN_PORT"].flatMap(Int.init) ?? 8089
        let configuration = LoadConfiguration(
            listenPort: listen, certifierPort: certifier.port, walletPort: walletServer.port, concurrency: 16)
        try SigningKey.generate(.ed25519).save(to: directory + "/key.jwk", overwrite: true)
        try configuration.yaml.write(toFile: directory + "/certbridge.yaml", atomically: true, encoding: .utf8)
        say("certifier \(certifier.baseURL) wallet \(walletServer.baseURL) config \(directory)/certbridge.yaml")
        var reported = 0
        for _ in 0..<seconds {
            try await Task.sleep(for: .seconds(1))
            let imported = wallet.importCounts.count
            if imported != reported {
                say("wallet imports: \(imported)")
                reported = imported
            }
        }
        await certifier.stop()
        await walletServer.stop()
    }

    /// A line on standard output, unbuffered (the script reads it while the process runs).
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
