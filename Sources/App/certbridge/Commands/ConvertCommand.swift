import ArgumentParser
import CredentialJWT
import Credentials
import Foundation
import Composition
import JSONCanonical
import Logging
import Mapping
import Pipeline

/// `certbridge convert`: Certifier credentials in, signed VCs out, through the same Pipeline as the webhook.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert Certifier credentials into signed W3C Verifiable Credentials.",
        discussion: """
            Input: one Certifier credential, a create-credential response, a list page ({"data": [...]}), \
            a JSON array, or NDJSON (detected; streamed line by line). Output: one JSON document for a single \
            credential, else NDJSON (one VC a line). Problems and a summary go to standard error; the exit \
            status is non-zero when any credential failed or matched no profile.

            With --deliver, every converted VC is queued in the outbox of --config and delivered to the \
            destination its profile routes to, with the gateway's own parts and worker (retries, dead letters, \
            one delivery per VC id); a profile no configured destination takes is refused before signing. \
            --profiles, --key, --issuer and --suite default to the configuration's profiles and signing \
            settings. One line per \
            credential says delivered, already delivered, queued for retry or dead (with the reason); exit \
            status 1 when any failed or is dead, 75 when some wait for a retry (certbridge serve or the next \
            run sends them), else 0. VCs are written only with --out.
            """
    )

    @Argument(help: "Certifier JSON or NDJSON file, or - for standard input.")
    var input: String

    @Option(name: .long, help: "Directory of mapping profiles (default: mappings, or the configuration's with --deliver).")
    var profiles: String?

    @Option(name: .long, help: "Signing key (private JWK file).")
    var key: String?

    @Option(name: .long, help: "Issuer DID written into every credential (default: the key's did:key).")
    var issuer: String?

    @Option(name: .long, help: "Proof verificationMethod (default: the did:key method, or <issuer>#<kid or key-1>).")
    var verificationMethod: String?

    @Option(name: .long, help: """
        Cryptosuite for every profile, overriding their proof.cryptosuite: eddsa-jcs-2022 or eddsa-rdfc-2022 \
        (Ed25519), ecdsa-jcs-2019 or ecdsa-rdfc-2019 (P-256, P-384), JsonWebSignature2020 (all three). \
        Default: each profile's proof.cryptosuite, else the JCS suite for the key.
        """)
    var suite: String?

    @OptionGroup var linkedData: LinkedDataOptions

    @OptionGroup var tsg: TSGCompatibleOption

    @Option(name: .long, help: "Output file, or - for standard output (default: -, or no VC output with --deliver).")
    var out: String?

    @Flag(name: .long, help: "Produce unsigned credentials (no --key needed; --issuer required).")
    var noSign = false

    @Option(name: .long, help: "json (Data Integrity proofs; JSON or NDJSON) or jwt (one compact VC-JWT a line).")
    var format: CredentialOutputFormat = .json

    @Flag(name: .long, help: "Queue the signed VCs in the outbox of --config and deliver them to its destinations.")
    var deliver = false

    @Option(name: .long, help: "Gateway configuration for --deliver (outbox, destinations, default signing settings). \(ConfigOption.help)")
    var config: String?

    func validate() throws {
        if deliver && noSign { throw ValidationError("--deliver sends signed VCs; it cannot go with --no-sign") }
        if tsg.tsgCompatible && noSign { throw ValidationError("--tsg-compatible chooses how to sign; it cannot go with --no-sign") }
        if format == .jwt {
            if deliver { throw ValidationError("--format jwt writes JWTs; --deliver sends what each destination takes") }
            if noSign { throw ValidationError("--format jwt signs; it cannot go with --no-sign") }
            if suite != nil || tsg.tsgCompatible {
                throw ValidationError("--suite and --tsg-compatible choose a Data Integrity proof; they do not go with --format jwt")
            }
        }
    }

    /// With `--format jwt`: the key and `kid` every converted VC is signed with.
    struct JWTSigning {
        var key: SigningKey
        var verificationMethod: String
    }

    func run() async throws {
        var settings = ConvertSettings(self)
        var delivery: DeliveryRun?
        var jwtSigning: JWTSigning?
        let pipeline: Pipeline
        if deliver {
            // The composition root's parts, as `serve` builds them: the same registry, routes and worker.
            var configuration = try ConfigLoading.configuration(config)
            settings.fill(from: configuration)
            settings.apply(to: &configuration, verificationMethod: verificationMethod)
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .error  // the per-credential lines below say what happened; errors stay visible
                return handler
            }
            let parts = try ConfigLoading.parts(configuration, path: ConfigOption.name(config), contexts: try linkedData.contextStore())
            let run = DeliveryRun(parts: parts)
            try await run.prepare()
            delivery = run
            pipeline = parts.pipeline
            for name in pipeline.tsgFormProfiles {
                TSGCompatibleOption.warn("profile '\(name)' (\(pipeline.cryptosuite(forProfile: name) ?? "?"))")
            }
        } else {
            let profileSet: ProfileSet
            do {
                profileSet = try ProfileLoader.load(directory: URL(fileURLWithPath: settings.profiles), cryptosuites: Cryptosuites.names)
            } catch {
                StandardError.write(error.description + "\n")
                throw ExitCode(2)
            }
            if format == .jwt {
                (pipeline, jwtSigning) = try makeJWTPipeline(profileSet, settings)
            } else {
                pipeline = try makePipeline(profileSet, settings)
            }
        }

        let handle: FileHandle
        if input == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let file = FileHandle(forReadingAtPath: input) else {
                throw ValidationError("cannot read \(input)")
            }
            handle = file
        }
        var records = CertifierInput(handle: handle)
        let sink = try (out ?? (deliver ? nil : "-")).map { try OutputSink(path: $0) }
        let progress = StandardError.isTerminal
        var summary = ConvertSummary()
        while let record = records.next() {
            switch record {
            case .unreadable(let reason, let position):
                summary.failed += 1
                summary.failuresByKind["unreadable input", default: 0] += 1
                StandardError.write("\(position): failed: \(reason)\n")
            case .credential(let credential, let position):
                switch pipeline.process(credential) {
                case .converted(let converted):
                    if let jwtSigning {
                        do {
                            let token = try await CredentialJWT.sign(
                                converted.vc, key: jwtSigning.key, verificationMethod: jwtSigning.verificationMethod)
                            sink?.writeTextLine(token)
                        } catch {
                            summary.failed += 1
                            summary.failuresByKind["profile '\(converted.profile)' JWT signing", default: 0] += 1
                            StandardError.write("\(position): failed: \(error)\n")
                            break
                        }
                        summary.converted += 1
                        summary.byProfile[converted.profile, default: 0] += 1
                        break
                    }
                    summary.converted += 1
                    summary.byProfile[converted.profile, default: 0] += 1
                    if records.isSingle { sink?.writeDocument(converted.vc) } else { sink?.writeLine(converted.vc) }
                    await delivery?.enqueue(converted, position: position)
                case .refused(let sourceId, _, let reason):
                    summary.refused += 1
                    if delivery == nil { StandardError.write("\(position) (\(sourceId)): refused: \(reason)\n") }
                    delivery?.refuse(sourceId: sourceId, position: position, reason: reason)
                case .noProfileMatched(let sourceId, let reason):
                    summary.noProfileMatched += 1
                    StandardError.write("\(position) (\(sourceId)): no profile matched: \(reason)\n")
                case .failed(let sourceId, let error):
                    summary.failed += 1
                    summary.failuresByKind[Self.kind(of: error), default: 0] += 1
                    StandardError.write("\(position) (\(sourceId)): failed: \(error)\n")
                }
            }
            if progress && summary.total % 500 == 0 { StandardError.write("\r\(summary.line)") }
        }
        sink?.flush()
        if progress && summary.total >= 500 { StandardError.write("\r") }
        StandardError.write(summary.report + "\n")
        let delivered = await delivery?.deliver()
        if !summary.allConverted { throw ExitCode(1) }
        if let code = delivered?.exitCode, code != 0 { throw ExitCode(code) }
    }

    /// A failure's kind for the summary: the profile and rule, without the credential's own values.
    static func kind(of error: PipelineError) -> String {
        switch error {
        case .notACredential: "not a credential object"
        case .mapping(.rule(let failure)): "profile '\(failure.profile)' rule \(failure.rule)"
        case .mapping(.invalid(let profile, let issues)): "profile '\(profile)' invalid \(issues.map(\.field).joined(separator: ", "))"
        case .signing(let profile, _): "profile '\(profile)' signing"
        case .statusNeedsStore(let profile, _): "profile '\(profile)' needs status list indexes (no store offline)"
        }
    }

    /// The issuer when none is given: the key's did:key, which RSA keys do not have here.
    static func didKeyIssuer(_ key: SigningKey) throws(CommandFailure) -> String {
        guard key.type.hasDIDKey else { throw CommandFailure("\(KeyError.noDIDKey(key.type)) with --issuer") }
        return key.didKey
    }

    /// `--format jwt`: the pipeline without a proof signer (the JWT is the proof), and the key
    /// and `kid` to sign each VC with; status profiles fail as they do unsigned offline.
    private func makeJWTPipeline(_ profileSet: ProfileSet, _ settings: ConvertSettings) throws -> (Pipeline, JWTSigning) {
        guard let key = settings.key else { throw ValidationError("--key is required to sign (--format jwt)") }
        let signingKey: SigningKey
        do {
            signingKey = try SigningKey.load(from: key, strictKeyMode: settings.strictKeyMode)
        } catch {
            throw CommandFailure(error.description)
        }
        let issuerDID = try settings.issuer ?? Self.didKeyIssuer(signingKey)
        let method = verificationMethod ?? signingKey.verificationMethod(forIssuer: issuerDID)
        let pipeline = Pipeline(profiles: profileSet, signer: nil, issuer: issuerDID, routes: DestinationCatalog.formsOnly)
        return (pipeline, JWTSigning(key: signingKey, verificationMethod: method))
    }

    /// The pipeline: unsigned with --no-sign, else one signer per suite the profiles (or --suite) choose.
    private func makePipeline(_ profileSet: ProfileSet, _ settings: ConvertSettings) throws -> Pipeline {
        let key = settings.key, issuer = settings.issuer, suite = settings.suite, compatibility = settings.compatibility
        if noSign {
            guard suite == nil else { throw ValidationError("--suite chooses how to sign; it cannot go with --no-sign") }
            let keyDID = try key.map { path in try SigningKey.load(from: path, strictKeyMode: settings.strictKeyMode).didKey }
            guard let issuer = issuer ?? keyDID else {
                throw ValidationError("--no-sign needs --issuer (or --key to take its did:key)")
            }
            return Pipeline(profiles: profileSet, signer: nil, issuer: issuer, routes: DestinationCatalog.formsOnly)
        }
        guard let key else { throw ValidationError("--key is required to sign (or pass --no-sign)") }
        let signingKey: SigningKey
        do {
            signingKey = try SigningKey.load(from: key, strictKeyMode: settings.strictKeyMode)
        } catch {
            throw CommandFailure(error.description)
        }
        let issuerDID = try issuer ?? Self.didKeyIssuer(signingKey)
        let method = verificationMethod
            ?? signingKey.verificationMethod(forIssuer: issuerDID)
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(
                profiles: profileSet, key: signingKey, verificationMethod: method,
                registries: Cryptosuites.registries(contexts: try linkedData.contextStore(adding: profileSet.contextCatalog)),
                suite: suite, compatibility: compatibility, issuer: issuerDID, routes: DestinationCatalog.formsOnly)
        } catch let error as PipelineSetupError {
            throw CommandFailure(error.description)
        }
        for name in pipeline.tsgFormProfiles {
            TSGCompatibleOption.warn("profile '\(name)' (\(pipeline.cryptosuite(forProfile: name) ?? "?"))")
        }
        return pipeline
    }
}
