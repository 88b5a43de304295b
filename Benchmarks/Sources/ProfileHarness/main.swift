import BenchmarkFixtures
import Composition
import Credentials
import Crypto
import Foundation
import JSONCanonical
import LinkedData
import LinkedDataSuites
import Mapping
import Pipeline

// A plain loop over one scenario, for `valgrind --tool=callgrind` (instruction counts do not
// depend on what else the machine runs) and for quick timings outside the benchmark harness.
// Usage: ProfileHarness <scenario> [iterations]

let arguments = CommandLine.arguments
let scenarios = [
    "raw-ed25519", "raw-ed25519-verify", "jcs", "eddsa-sign", "eddsa-verify", "p256-sign", "p384-sign", "mapping", "pipeline", "convert-line",
    "sha256-jcs", "base58-sig", "rdfc", "rdfc-sign", "parse-line", "write-line",
    "profile-pipeline", "profile-convert-line", "tsg-rdfc", "tsg-jws-sign", "tsg-jws-verify", "convert-floor",
]
guard arguments.count >= 2, scenarios.contains(arguments[1]) else {
    print("usage: ProfileHarness <\(scenarios.joined(separator: "|"))> [iterations]")
    exit(2)
}
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 1_000 : 1_000

do {
    let credential = try Fixtures.typicalCredential()
    let start = ContinuousClock.now
    switch arguments[1] {
    case "raw-ed25519":
        let key = Curve25519.Signing.PrivateKey()
        let data = [UInt8](repeating: 0xA5, count: 64)
        for _ in 0..<iterations { _ = try key.signature(for: data) }
    case "raw-ed25519-verify":
        // The ceiling of any Ed25519 proof check: swift-crypto's verify of one signature.
        let key = Curve25519.Signing.PrivateKey()
        let data = [UInt8](repeating: 0xA5, count: 64)
        let signature = try key.signature(for: data)
        var valid = 0
        for _ in 0..<iterations where key.publicKey.isValidSignature(signature, for: data) { valid += 1 }
        guard valid == iterations else { throw HarnessError.invalidSignature }
    case "jcs":
        for _ in 0..<iterations { _ = credential.canonicalBytes }
    case "sha256-jcs":
        // The document hash of eddsa-jcs-2022 alone: SHA-256 of the credential's canonical bytes.
        let canonical = credential.canonicalBytes
        for _ in 0..<iterations { _ = SHA256.hash(data: canonical) }
    case "base58-sig":
        // The proofValue encoding alone: base58btc multibase of a 64-byte signature.
        let signature = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for _ in 0..<iterations { _ = Multibase.encodeBase58BTC(signature) }
    case "eddsa-sign", "p256-sign", "p384-sign":
        let type: KeyType = arguments[1] == "eddsa-sign" ? .ed25519 : arguments[1] == "p256-sign" ? .p256 : .p384
        let signer = try Fixtures.signer(type, cryptosuite: type == .ed25519 ? "eddsa-jcs-2022" : "ecdsa-jcs-2019")
        for _ in 0..<iterations { _ = try signer.sign(credential, created: Fixtures.created) }
    case "eddsa-verify":
        let signed = try Fixtures.signer(.ed25519, cryptosuite: "eddsa-jcs-2022").sign(credential, created: Fixtures.created)
        let verifier = DataIntegrityVerifier(resolver: try DIDResolver())
        for _ in 0..<iterations { _ = try verifier.verify(signed) }
    case "mapping":
        let setup = try ConversionSetup()
        for index in 0..<iterations {
            _ = setup.profiles.map(setup.credentials[index % setup.credentials.count], issuer: setup.issuer, now: setup.now)
        }
    case "pipeline":
        let setup = try ConversionSetup()
        for index in 0..<iterations { _ = setup.pipeline.process(setup.credentials[index % setup.credentials.count]) }
    case "convert-line":
        let setup = try ConversionSetup()
        var output: [UInt8] = []
        for index in 0..<iterations {
            let credential = try JSONValue(parsing: setup.lines[index % setup.lines.count])
            if case .converted(let converted) = setup.pipeline.process(credential) {
                JSONWriter(style: .compact).withBytes(converted.vc) { output.append(contentsOf: $0) }
                output.append(UInt8(ascii: "\n"))
                if output.count >= 1 << 16 { output.removeAll(keepingCapacity: true) }
            }
        }
    case "convert-floor":
        // What any convert of these lines must do, and nothing else: parse the line, hash the
        // proof options and the document's canonical bytes (SHA-256 each), sign the 64 bytes,
        // encode the signature (base58btc) and copy the signed line out. The mapping, the
        // validation and both writes of the document (canonical, and the line's order) are left
        // out: their bytes are made once beforehand. convert-line's distance to this is what a
        // different output stage could at most take away (issue 15, target 2).
        let setup = try ConversionSetup()
        let key = Curve25519.Signing.PrivateKey()
        var canonicalDocuments: [[UInt8]] = []
        var canonicalOptions: [[UInt8]] = []
        // The line around the proof's value: the document in its own order, then the proof.
        var lineParts: [(head: [UInt8], tail: [UInt8])] = []
        for credential in setup.credentials {
            guard case .converted(let converted) = setup.pipeline.process(credential),
                case .object(var members) = converted.vc, let proof = members.removeValue(forKey: "proof"),
                case .object(var options) = proof.arrayValue?.first ?? proof
            else { throw HarnessError.unexpectedOutput }
            canonicalDocuments.append(JSONWriter(style: .canonical).bytes(.object(members)))
            options["proofValue"] = nil
            options["@context"] = members["@context"]
            canonicalOptions.append(JSONWriter(style: .canonical).bytes(.object(options)))
            options["@context"] = nil
            options["proofValue"] = "#"
            members["proof"] = proof.arrayValue == nil ? .object(options) : [.object(options)]
            let line = JSONWriter(style: .compact).bytes(.object(members))
            guard let mark = line.lastIndex(of: UInt8(ascii: "#")) else { throw HarnessError.unexpectedOutput }
            lineParts.append((Array(line[..<mark]), Array(line[(mark + 1)...]) + [UInt8(ascii: "\n")]))
        }
        var output: [UInt8] = []
        var parsedMembers = 0
        var hashData = [UInt8](repeating: 0, count: 64)
        var signature = Data()
        for index in 0..<iterations {
            if case .object(let parsed) = try JSONValue(parsing: setup.lines[index % setup.lines.count]) { parsedMembers += parsed.count }
            let which = index % canonicalDocuments.count
            hashData.withUnsafeMutableBytes { buffer in
                SHA256.hash(data: canonicalOptions[which]).withUnsafeBytes { buffer.copyMemory(from: $0) }
                SHA256.hash(data: canonicalDocuments[which]).withUnsafeBytes {
                    UnsafeMutableRawBufferPointer(rebasing: buffer[32...]).copyMemory(from: $0)
                }
            }
            signature = try key.signature(for: hashData)
            output.append(contentsOf: lineParts[which].head)
            output.append(contentsOf: Multibase.encodeBase58BTC(Array(signature)).utf8)
            output.append(contentsOf: lineParts[which].tail)
            if output.count >= 1 << 16 { output.removeAll(keepingCapacity: true) }
        }
        guard parsedMembers > 0, key.publicKey.isValidSignature(signature, for: hashData) else { throw HarnessError.invalidSignature }
    case "rdfc":
        let badge = try Fixtures.openBadgeCredential()
        let form = RDFCanonicalForm()
        for _ in 0..<iterations { _ = try form.canonicalize(badge, suite: "eddsa-rdfc-2022") }
    case "rdfc-sign":
        let badge = try Fixtures.openBadgeCredential()
        let key = SigningKey.generate(.ed25519)
        let signer = try DataIntegritySigner(
            key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: "eddsa-rdfc-2022",
            registry: Cryptosuites.registries().w3c)
        for _ in 0..<iterations { _ = try signer.sign(badge, created: Fixtures.created) }
    case "profile-pipeline":
        // Pipeline.process with each profile's own suite (JsonWebSignature2020, eddsa-rdfc-2022).
        let setup = try ConversionSetup()
        for index in 0..<iterations {
            _ = setup.profileSuitesPipeline.process(setup.credentials[index % setup.credentials.count])
        }
    case "profile-convert-line":
        // convert-line with each profile's own suite.
        let setup = try ConversionSetup()
        var output: [UInt8] = []
        for index in 0..<iterations {
            let credential = try JSONValue(parsing: setup.lines[index % setup.lines.count])
            if case .converted(let converted) = setup.profileSuitesPipeline.process(credential) {
                JSONWriter(style: .compact).withBytes(converted.vc) { output.append(contentsOf: $0) }
                output.append(UInt8(ascii: "\n"))
                if output.count >= 1 << 16 { output.removeAll(keepingCapacity: true) }
            }
        }
    case "tsg-rdfc":
        // RDFC-1.0 (with JSON-LD) of the unsigned VC the shipped TSG profile makes.
        let vc = try Fixtures.tsgCredential()
        let profiles = try ProfileLoader.load(directory: Fixtures.repositoryRoot.appendingPathComponent("mappings"))
        let form = RDFCanonicalForm(processor: JSONLDProcessor(options: .init(contexts: ContextStore.bundled.adding(profiles.contextCatalog))))
        for _ in 0..<iterations { _ = try form.canonicalize(vc, suite: "JsonWebSignature2020") }
    case "tsg-jws-sign", "tsg-jws-verify":
        // JsonWebSignature2020 (Ed25519) of the TSG profile's VC, alone.
        let vc = try Fixtures.tsgCredential()
        let profiles = try ProfileLoader.load(directory: Fixtures.repositoryRoot.appendingPathComponent("mappings"))
        let registry = Cryptosuites.registries(for: profiles).w3c
        let key = SigningKey.generate(.ed25519)
        let signer = try DataIntegritySigner(
            key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: "JsonWebSignature2020",
            registry: registry)
        if arguments[1] == "tsg-jws-sign" {
            for _ in 0..<iterations { _ = try signer.sign(vc, created: Fixtures.created) }
        } else {
            let signed = try signer.sign(vc, created: Fixtures.created)
            let verifier = DataIntegrityVerifier(resolver: try DIDResolver(), registry: registry)
            for _ in 0..<iterations { _ = try verifier.verify(signed) }
        }
    case "parse-line":
        // The first half of convert-line that is not the pipeline: the strict parse of one NDJSON line.
        let setup = try ConversionSetup()
        for index in 0..<iterations { _ = try JSONValue(parsing: setup.lines[index % setup.lines.count]) }
    case "write-line":
        // The other half: the signed VC written as a compact NDJSON line.
        let setup = try ConversionSetup()
        let signed = setup.credentials.compactMap { credential -> JSONValue? in
            guard case .converted(let converted) = setup.pipeline.process(credential) else { return nil }
            return converted.vc
        }
        var output: [UInt8] = []
        for index in 0..<iterations {
            JSONWriter(style: .compact).withBytes(signed[index % signed.count]) { output.append(contentsOf: $0) }
            output.append(UInt8(ascii: "\n"))
            if output.count >= 1 << 16 { output.removeAll(keepingCapacity: true) }
        }
    default:
        break
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("\(arguments[1]): \(iterations) in \(seconds) s, \(Int(Double(iterations) / seconds))/s")
} catch {
    print("ProfileHarness: \(error)")
    exit(1)
}

/// A scenario whose own check failed (a timing of a wrong result is no timing).
enum HarnessError: Error {
    case invalidSignature
    case unexpectedOutput
}
