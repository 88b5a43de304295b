import Credentials
import Foundation
import JSONCanonical
import Mapping
import Outbox
import Pipeline
import StatusList

/// Builds and signs a `BitstringStatusListCredential` from the store's record of a list: the
/// list's issuer, suite, proof form and VC version are its family's, so a verifier checks the
/// list with the same key and suite as the credentials that point to it.
public struct StatusListSigner: Sendable {
    let key: SigningKey
    /// The verification method its proofs name: the active key's.
    public let verificationMethod: String
    let registries: SigningRegistries
    /// `<public base>/status/`.
    public let baseURL: String
    /// The list's `ttl` hint (milliseconds) and the `Cache-Control` max-age of its responses.
    public let cacheSeconds: Int

    /// Creates a signer.
    public init(key: SigningKey, verificationMethod: String, registries: SigningRegistries, baseURL: String, cacheSeconds: Int) {
        self.key = key
        self.verificationMethod = verificationMethod
        self.registries = registries
        self.baseURL = baseURL
        self.cacheSeconds = cacheSeconds
    }

    /// The signed list credential as compact JSON text, valid from `now` until `validUntil`.
    public func sign(_ record: StatusListRecord, now: Date, validUntil: Date) throws -> String {
        guard let purpose = StatusPurpose(rawValue: record.family.purpose) else {
            throw StatusListError.invalid(field: "statusPurpose", reason: "unknown purpose '\(record.family.purpose)'")
        }
        var bits = try StatusBitstring(entries: record.entries)
        for index in record.setIndexes { try bits.setStatus(1, at: index) }
        let list = StatusListCredential(id: baseURL + record.slug, purpose: purpose, bitstring: bits)
        let unsigned = try list.unsigned(
            issuer: record.family.issuer, validFrom: Self.dateTime(now), validUntil: Self.dateTime(validUntil),
            v1_1: record.family.version == VCVersion.v1_1.rawValue)
        let form = ProofCompatibility(rawValue: record.family.proofForm) ?? .w3c
        guard let registry = registries.registry(for: form) else {
            throw StatusListError.invalid(field: "proof", reason: "no registry signs \(record.family.suite) in \(form.rawValue) form")
        }
        let signer = try DataIntegritySigner(
            key: key, verificationMethod: verificationMethod, cryptosuite: record.family.suite, registry: registry)
        return try signer.sign(unsigned, created: now).compactString
    }

    /// XML Schema date-time in UTC, whole seconds.
    static func dateTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
