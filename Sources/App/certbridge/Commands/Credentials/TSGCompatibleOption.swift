import ArgumentParser
import Credentials
import Mapping
import Pipeline

/// `--tsg-compatible` for `sign`, `verify` and `convert`: the JCS suites in TSG's non-standard form.
struct TSGCompatibleOption: ParsableArguments {
    @Flag(
        name: .long,
        help: """
            Non-standard: eddsa-jcs-2022 and ecdsa-jcs-2019 in the detached-JWS form TSG's own verifier accepts \
            and W3C verifiers reject (docs/TSG-COMPATIBILITY.md). Other suites are unchanged.
            """)
    var tsgCompatible = false

    /// The override for the pipeline: `.tsg` with the flag, else none (profiles choose).
    var compatibility: ProofCompatibility? { tsgCompatible ? .tsg : nil }

    /// The W3C registry, or with the flag the TSG form's.
    func registry(from registries: SigningRegistries) -> CryptosuiteRegistry {
        tsgCompatible ? (registries.tsgForm ?? registries.w3c) : registries.w3c
    }

    /// Says loudly on standard error that the proofs made will not pass W3C verifiers.
    static func warn(_ subject: String) {
        StandardError.write("warning: \(subject): \(ProofCompatibility.tsgWarning)\n")
    }
}
