import Benchmark
import BenchmarkFixtures
import BenchmarkSupport
import Credentials
import Crypto
import Foundation
import JSONCanonical

/// Canonicalisation, the JCS suites, and the raw signatures under them, in one run so that the
/// suite rates can be read as ratios of the raw Ed25519 rate (the floor of any signing path).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = SharedConfiguration.standard

    // Fixtures that cannot be built are a broken checkout: say so and run nothing.
    let credential: JSONValue
    let credentialBytes: [UInt8]
    do {
        credential = try Fixtures.typicalCredential()
        credentialBytes = credential.canonicalBytes
    } catch {
        print("Signing benchmarks skipped: \(error)")
        return
    }

    Floor.register()
    let rawEd25519 = Curve25519.Signing.PrivateKey()
    let hashData = [UInt8](repeating: 0xA5, count: 64)
    // The verify floor: what eddsa-jcs-2022 verify costs at least.
    let rawSignature = (try? rawEd25519.signature(for: hashData)) ?? Data()
    let rawPublic = rawEd25519.publicKey
    Benchmark("Raw Ed25519 verify (64 bytes)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(rawPublic.isValidSignature(rawSignature, for: hashData))
        }
    }
    let rawP256 = P256.Signing.PrivateKey()
    Benchmark("Raw P-256 sign (64 bytes)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try rawP256.signature(for: hashData))
        }
    }
    let rawP384 = P384.Signing.PrivateKey()
    Benchmark("Raw P-384 sign (96 bytes)") { benchmark in
        let data = [UInt8](repeating: 0xA5, count: 96)
        for _ in benchmark.scaledIterations {
            blackHole(try rawP384.signature(for: data))
        }
    }

    Benchmark("JCS canonicalise typical credential") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(credential.canonicalBytes)
        }
    }
    Benchmark("JSON parse typical credential") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try JSONValue(parsing: credentialBytes))
        }
    }

    let suites: [(label: String, type: KeyType, suite: String)] = [
        ("eddsa-jcs-2022", .ed25519, "eddsa-jcs-2022"),
        ("ecdsa-jcs-2019 P-256", .p256, "ecdsa-jcs-2019"),
        ("ecdsa-jcs-2019 P-384", .p384, "ecdsa-jcs-2019"),
    ]
    for entry in suites {
        let signer: DataIntegritySigner
        let signed: JSONValue
        do {
            signer = try Fixtures.signer(entry.type, cryptosuite: entry.suite)
            signed = try signer.sign(credential, created: Fixtures.created)
        } catch {
            print("\(entry.label) benchmarks skipped: \(error)")
            continue
        }
        let verifier: DataIntegrityVerifier
        do {
            verifier = DataIntegrityVerifier(resolver: try DIDResolver())
        } catch {
            print("\(entry.label) verify skipped: \(error)")
            continue
        }
        Benchmark("\(entry.label) sign") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try signer.sign(credential, created: Fixtures.created))
            }
        }
        Benchmark("\(entry.label) verify") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try verifier.verify(signed))
            }
        }
    }
}
