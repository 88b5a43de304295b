import Benchmark
import BenchmarkFixtures
import BenchmarkSupport
import Composition
import Credentials
import Foundation
import JSONCanonical
import LinkedDataSuites

/// The RDF path: JSON-LD to RDF with RDFC-1.0, and eddsa-rdfc-2022, beside the raw Ed25519 floor.
/// The input is the Open Badges 3.0 credential of the bundled profile's golden fixture (the
/// JCS suites' typical credential uses a term no bundled context defines).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = SharedConfiguration.standard
    Floor.register()

    let credential: JSONValue
    let signer: DataIntegritySigner
    let signed: JSONValue
    let verifier: DataIntegrityVerifier
    do {
        credential = try Fixtures.openBadgeCredential()
        let key = SigningKey.generate(.ed25519)
        signer = try DataIntegritySigner(
            key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: "eddsa-rdfc-2022",
            registry: Cryptosuites.registries().w3c)
        signed = try signer.sign(credential, created: Fixtures.created)
        verifier = DataIntegrityVerifier(resolver: try DIDResolver(), registry: Cryptosuites.registries().w3c)
    } catch {
        print("RDF benchmarks skipped: \(error)")
        return
    }
    let form = RDFCanonicalForm()

    Benchmark("RDFC-1.0 canonicalise OB 3.0 credential (JSON-LD to N-Quads)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try form.canonicalize(credential, suite: "eddsa-rdfc-2022"))
        }
    }
    Benchmark("eddsa-rdfc-2022 sign") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try signer.sign(credential, created: Fixtures.created))
        }
    }
    Benchmark("eddsa-rdfc-2022 verify") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try verifier.verify(signed))
        }
    }
}
