import Credentials
import Foundation
import JSONCanonical
import Mapping
import StatusList

/// One source credential's way to a signed VC: select profile → map → route → sign → form → validate.
///
/// Every door (`certbridge convert`, the webhook worker) calls `process`; nothing about mapping or
/// signing is written twice. The route of each profile (its destination's form, or a refusal) is
/// decided when the profiles and the configuration load (``ProfileRoutes``), so a credential no
/// destination takes is refused before it is signed, and validation runs once, on the VC as the
/// destination will receive it. The value is immutable and `Sendable`, so workers may share one.
public struct Pipeline: Sendable {
    /// The compiled profiles.
    public let profiles: ProfileSet
    /// Signs produced credentials; `nil` leaves them unsigned (`convert --no-sign`). With
    /// per-profile suites, the signer of profiles that choose none (or of all, with an override).
    public let signer: DataIntegritySigner?
    /// The issuer written into every credential (a DID; the TSG wallet needs a string).
    public let issuer: String
    /// The clock for `now()` in profiles and the proof's `created`; injected so tests are stable.
    public let clock: @Sendable () -> Date
    /// Each profile's destination form, or why no destination takes its credentials.
    public let routes: ProfileRoutes
    /// Per-profile signers when profiles choose their cryptosuite; `nil` means `signer` signs all.
    private let profileSigners: ProfileSigners?

    /// Creates a pipeline whose one `signer` signs every profile's credentials (profiles'
    /// `proof.cryptosuite` is not consulted: the signer's suite is fixed).
    public init(
        profiles: ProfileSet, signer: DataIntegritySigner?, issuer: String, routes: ProfileRoutes = ProfileRoutes(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.profiles = profiles
        self.signer = signer
        self.issuer = issuer
        self.routes = routes
        self.clock = clock
        self.profileSigners = nil
    }

    /// Creates a signing pipeline in which each profile's `proof.cryptosuite` chooses its suite.
    ///
    /// `suite`, when given, overrides every profile (the `--suite` rule); a profile without
    /// `proof.cryptosuite` gets the key's default (`eddsa-jcs-2022` for Ed25519, `ecdsa-jcs-2019`
    /// for P-256/P-384). One signer per suite in use is made here, not per credential. Throws when
    /// a chosen suite is not in `registry` or cannot sign with `key`, naming profile, suite and
    /// key type. `registries` come from the composition root, which builds them once.
    /// `compatibility`, when given, overrides every profile's `proof.compatibility`: `.tsg` signs
    /// the JCS suites in TSG's non-standard form (W3C verifiers reject those proofs), `.w3c` never does.
    public init(
        profiles: ProfileSet, key: SigningKey, verificationMethod: String, registries: SigningRegistries,
        suite: String? = nil, compatibility: ProofCompatibility? = nil, issuer: String,
        routes: ProfileRoutes = ProfileRoutes(), clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(PipelineSetupError) {
        let signers = try ProfileSigners(
            profiles: profiles, key: key, verificationMethod: verificationMethod,
            registries: registries, override: suite, compatibility: compatibility)
        self.profiles = profiles
        self.signer = signers.fallback
        self.issuer = issuer
        self.routes = routes
        self.clock = clock
        self.profileSigners = signers
    }

    /// The cryptosuite that signs a profile's credentials, or `nil` when the pipeline does not sign.
    public func cryptosuite(forProfile name: String) -> String? {
        signer(forProfile: name)?.cryptosuite.name
    }

    /// Whether a profile's proofs are W3C Data Integrity or TSG's non-standard form (`nil` when
    /// the pipeline does not sign); the callers say so loudly for `.tsg`.
    public func proofCompatibility(forProfile name: String) -> ProofCompatibility? {
        guard let profileSigners else { return signer == nil ? nil : .w3c }
        return profileSigners.form(for: name)
    }

    /// Names of the profiles whose proofs are in TSG's non-standard form.
    public var tsgFormProfiles: [String] {
        profiles.profiles.map(\.name).filter { proofCompatibility(forProfile: $0) == .tsg }
    }

    private func signer(forProfile name: String) -> DataIntegritySigner? {
        profileSigners?.signer(for: name) ?? signer
    }

    /// Converts one source credential. Never throws: every result, including no match, is an outcome.
    ///
    /// The door without a store (`certbridge convert`): a profile whose credentials need status
    /// list indexes (`status:`) fails with the reason, since only the outbox store assigns them.
    public func process(_ certifierCredential: JSONValue) -> PipelineOutcome {
        switch map(certifierCredential) {
        case .mapped(let mapped):
            if let status = mapped.profile.status {
                return .failed(sourceId: mapped.sourceId, .statusNeedsStore(profile: mapped.profile.name, list: status.list))
            }
            let (sourceId, profile) = (mapped.sourceId, mapped.profile.name)
            // Handed over (its last use), so that signing owns the only reference to the document.
            let outcome = finish(consume mapped)
            if case .converted(let converted) = outcome, converted.needsEnvelope {
                return .failed(
                    sourceId: sourceId,
                    .signing(profile: profile, reason: "its destination takes VC-JWTs, which only the gateway's worker signs"))
            }
            return outcome
        case .finished(let outcome):
            return outcome
        }
    }

    /// The first half of ``process(_:)``: select, map and route, without signing. The lifecycle
    /// compares the mapped claims with what was last issued before anything is signed, and
    /// assigns status indexes to credentials that will be issued.
    public func map(_ certifierCredential: JSONValue, revision: Int = 0) -> MapStep {
        let sourceId = certifierCredential["id"]?.stringValue ?? "(no id)"
        guard certifierCredential.objectValue != nil else {
            return .finished(.failed(sourceId: sourceId, .notACredential("expected a Certifier credential object, got \(certifierCredential.kindName)")))
        }
        let now = clock()
        switch profiles.render(certifierCredential, issuer: issuer, now: now, revision: revision) {
        case .noProfileMatched(let reason):
            return .finished(.noProfileMatched(sourceId: sourceId, reason: reason))
        case .failed(let error, _):
            return .finished(.failed(sourceId: sourceId, .mapping(error)))
        case .mapped(let document, let profile):
            switch routes.route(for: profile) {
            case .refused(let reason):
                return .finished(.refused(sourceId: sourceId, profile: profile.name, reason: reason))
            case .form(let form):
                return .mapped(
                    MappedCredential(document: document, profile: profile, sourceId: sourceId, form: form, securing: .dataIntegrity, now: now))
            case .envelopedJWT(let form):
                return .mapped(
                    MappedCredential(document: document, profile: profile, sourceId: sourceId, form: form, securing: .envelopedJWT, now: now))
            case .signedByDestination(let form):
                return .mapped(
                    MappedCredential(document: document, profile: profile, sourceId: sourceId, form: form, securing: .byDestination, now: now))
            }
        }
    }

    /// The second half of ``process(_:)``: writes the status entries (in the order given) into
    /// `credentialStatus`, then signs, shapes for the destination and validates.
    public func finish(_ mapped: consuming MappedCredential, status: [StatusListEntry] = []) -> PipelineOutcome {
        var document = mapped.document
        // The document's only reference from here on (when the caller handed over its own), so
        // that signing adds the proof in place instead of copying every member.
        mapped.document = .null
        if !status.isEmpty { StatusEntries.write(status, into: &document, version: mapped.profile.version) }
        switch mapped.securing {
        case .envelopedJWT:
            return envelope(document, mapped: mapped)
        case .dataIntegrity, .byDestination:
            break
        }
        let vc: JSONValue
        let isSigned: Bool
        if mapped.securing == .dataIntegrity, let signer = signer(forProfile: mapped.profile.name) {
            let signed: JSONValue
            do {
                signed = try signer.sign(consume document, created: mapped.now)
            } catch {
                return .failed(sourceId: mapped.sourceId, .signing(profile: mapped.profile.name, reason: "\(error)"))
            }
            // Consumed, so the form (proof as an array, say) changes the only copy in place
            // instead of copying every member of the credential.
            vc = mapped.form.shape(signed: consume signed)
            isSigned = true
        } else {
            vc = document
            isSigned = false
        }
        // The one validate stage: the data model and the destination's rules, on the VC as it will be sent.
        let issues = CredentialValidator(version: mapped.profile.version, form: mapped.form).issues(in: vc, signed: isSigned)
        guard issues.isEmpty else {
            return .failed(sourceId: mapped.sourceId, .mapping(.invalid(profile: mapped.profile.name, issues: issues)))
        }
        let converted = ConvertedCredential(vc: vc, vcId: vc["id"]?.stringValue, profile: mapped.profile.name, sourceId: mapped.sourceId)
        return .converted(converted)
    }

    /// Validates the unsigned credential (the JWT carries no proof member) and hands it on to be
    /// secured as a VC-JWT by the worker's converter (``ConvertedCredential/needsEnvelope``).
    private func envelope(_ document: JSONValue, mapped: MappedCredential) -> PipelineOutcome {
        let issues = CredentialValidator(version: mapped.profile.version, form: mapped.form).issues(in: document, signed: false)
        guard issues.isEmpty else {
            return .failed(sourceId: mapped.sourceId, .mapping(.invalid(profile: mapped.profile.name, issues: issues)))
        }
        return .converted(
            ConvertedCredential(
                vc: document, vcId: document["id"]?.stringValue, profile: mapped.profile.name, sourceId: mapped.sourceId,
                needsEnvelope: true))
    }

    /// The document signed by the profile's signer, or `nil` when the pipeline does not sign.
    /// Calls the stored signer in place: copying the signer value out cost a retain per field.
    func sign(_ document: consuming JSONValue, profile: String, created: Date) throws -> JSONValue? {
        if let profileSigners { return try profileSigners.signer(for: profile).sign(document, created: created) }
        return try signer?.sign(document, created: created)
    }
}
