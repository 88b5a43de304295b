import Benchmark
import BenchmarkFixtures
import BenchmarkSupport
import Composition
import Credentials
import Foundation
import JSONCanonical
import LinkedData
import LinkedDataSuites
import Mapping

/// The RDF path: JSON-LD to RDF with RDFC-1.0, eddsa-rdfc-2022 and JsonWebSignature2020, beside
/// the raw Ed25519 floor. The inputs are the golden fixtures of two shipped profiles: the Open
/// Badges 3.0 credential, and the TSG profile's VC 1.1 credential, which that profile signs with
/// JsonWebSignature2020 and whose own terms come from the profile's context (the JCS suites'
/// typical credential uses a term no bundled context defines).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = SharedConfiguration.standard
    Floor.register()

    let credential: JSONValue
    let signer: DataIntegritySigner
    let signed: JSONValue
    let verifier: DataIntegrityVerifier
    let tsgCredential: JSONValue
    let tsgSigner: DataIntegritySigner
    let tsgSigned: JSONValue
    let tsgVerifier: DataIntegrityVerifier
    let tsgForm: RDFCanonicalForm
    do {
        credential = try Fixtures.openBadgeCredential()
        let key = SigningKey.generate(.ed25519)
        signer = try DataIntegritySigner(
            key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: "eddsa-rdfc-2022",
            registry: Cryptosuites.registries().w3c)
        signed = try signer.sign(credential, created: Fixtures.created)
        verifier = DataIntegrityVerifier(resolver: try DIDResolver(), registry: Cryptosuites.registries().w3c)

        tsgCredential = try Fixtures.tsgCredential()
        let profiles = try ProfileLoader.load(directory: Fixtures.repositoryRoot.appendingPathComponent("mappings"))
        let registries = Cryptosuites.registries(for: profiles)
        tsgSigner = try DataIntegritySigner(
            key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: "JsonWebSignature2020",
            registry: registries.w3c)
        tsgSigned = try tsgSigner.sign(tsgCredential, created: Fixtures.created)
        tsgVerifier = DataIntegrityVerifier(resolver: try DIDResolver(), registry: registries.w3c)
        tsgForm = RDFCanonicalForm(processor: JSONLDProcessor(options: .init(contexts: ContextStore.bundled.adding(profiles.contextCatalog))))
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
    Benchmark("RDFC-1.0 canonicalise TSG profile credential (JSON-LD to N-Quads)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try tsgForm.canonicalize(tsgCredential, suite: "JsonWebSignature2020"))
        }
    }
    Benchmark("JsonWebSignature2020 sign (TSG profile credential, Ed25519)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try tsgSigner.sign(tsgCredential, created: Fixtures.created))
        }
    }
    Benchmark("JsonWebSignature2020 verify (TSG profile credential, Ed25519)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try tsgVerifier.verify(tsgSigned))
        }
    }
}
