import Benchmark
import Crypto
import Foundation

/// The floor every signing path is compared with: swift-crypto Ed25519 signing 64 bytes (the
/// size of the eddsa hash data). Each suite registers it, so ratios come from one run.
public enum Floor {
    /// The name ratios.py looks for.
    public static let name = "Raw Ed25519 sign (64 bytes, floor)"

    /// Registers the floor benchmark in the calling suite.
    public static func register() {
        let key = Curve25519.Signing.PrivateKey()
        let hashData = [UInt8](repeating: 0xA5, count: 64)
        Benchmark(name) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try key.signature(for: hashData))
            }
        }
    }
}
