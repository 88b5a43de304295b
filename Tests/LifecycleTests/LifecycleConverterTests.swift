import Composition
import Credentials
import Foundation
import JSONCanonical
import Lifecycle
import Outbox
import Pipeline
import StatusList
import Testing
import TestSupport

@Suite("One reconcile of one credential: decide, assign status, sign")
struct LifecycleConverterTests {
    static func converter(_ fixture: LifecycleFixture, _ store: any OutboxStore) -> LifecycleConverter {
        LifecycleConverter(
            pipeline: fixture.pipeline, statusIndexes: StatusIndexPool(store: store, blockSize: 8, listEntries: 131_072),
            statusBaseURL: LifecycleFixture.statusBase)
    }

    static func issued(_ result: ConversionResult) throws -> ConvertedVC {
        guard case .converted(let converted) = result else { throw ConversionFailure(result: "\(result)") }
        return converted
    }

    struct ConversionFailure: Error { let result: String }

    static func previous(_ converted: ConvertedVC) -> PreviousIssue {
        PreviousIssue(
            summary: IssuedSummary(
                vcId: converted.vcId, revision: converted.revision, claimsDigest: converted.claimsDigest,
                sourceDigest: converted.sourceDigest),
            vc: converted.vc)
    }

    @Test("first issue: revision 0, a revocation and a suspension entry whose id is <list>#<index>, signed over the status context")
    func firstIssue() async throws {
        let fixture = try LifecycleFixture()
        defer { fixture.remove() }
        let temporary = TemporaryStore()
        defer { temporary.remove() }
        let converter = Self.converter(fixture, try temporary.open())
        let input = try LifecycleFixture.certifierCredential()
        let converted = try Self.issued(await converter.convert(input, previous: nil))
        #expect(converted.revision == 0)
        #expect(!converted.vcId.hasSuffix("-r0") && !converted.vcId.contains("-r"))
        #expect(converted.statusSlots.map(\.purpose) == ["revocation", "suspension"])
        let entries = try StatusListEntry.entries(of: converted.vc)
        #expect(entries.count == 2)
        for (entry, slot) in zip(entries, converted.statusSlots) {
            #expect(entry.listCredential == LifecycleFixture.statusBase + slot.list)
            #expect(entry.index == slot.index)
            #expect(entry.id == "\(LifecycleFixture.statusBase)\(slot.list)#\(slot.index)")
        }
        #expect(converted.vc["credentialStatus"]?[0]?["statusListIndex"]?.stringValue == String(converted.statusSlots[0].index))
        let contexts = converted.vc["@context"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(contexts.contains(StatusListCredential.statusContextV1), "VC 1.1 needs the status context for the RDF proof")
        // The TSG form carries the proof as an array; the verifier reads the W3C form.
        var w3c = converted.vc.objectValue ?? [:]
        if let proofs = w3c["proof"]?.arrayValue, proofs.count == 1 { w3c["proof"] = proofs[0] }
        _ = try fixture.verifier().verify(.object(w3c))
        // Changing the status entry breaks the proof: the entry is signed, not added afterwards.
        var tampered = w3c
        tampered["credentialStatus"] = .array([converted.vc["credentialStatus"]?[1] ?? .null])
        #expect(throws: DataIntegrityError.self) { _ = try fixture.verifier().verify(.object(tampered)) }
        #expect(converted.claimsDigest == ClaimsDigest.of(converted.vc))
    }

    @Test("same claims → unchanged; changed Certifier data → revision 1 with a new id and new indexes; profile edit → held")
    func decisions() async throws {
        let fixture = try LifecycleFixture()
        defer { fixture.remove() }
        let temporary = TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let converter = Self.converter(fixture, store)
        let input = try LifecycleFixture.certifierCredential()
        let first = try Self.issued(await converter.convert(input, previous: nil))

        // A touch that changes nothing the profile maps (updatedAt, an expiry reached) is no change.
        var touched = input.objectValue ?? [:]
        touched["updatedAt"] = "2026-12-01T10:00:00.000Z"
        guard case .unchanged = await converter.convert(.object(touched), previous: Self.previous(first)) else {
            Issue.record("expected unchanged")
            return
        }

        var corrected = input.objectValue ?? [:]
        corrected["attributes"] = ["recipient.name": "Corrected Name"]
        let second = try Self.issued(await converter.convert(.object(corrected), previous: Self.previous(first)))
        #expect(second.revision == 1)
        #expect(second.vcId == first.vcId + "-r1")
        #expect(second.vc["credentialSubject"]?["name"]?.stringValue == "Corrected Name")
        #expect(Set(second.statusSlots).isDisjoint(with: first.statusSlots))
        #expect(second.claimsDigest != first.claimsDigest)

        // The same Certifier data through an edited profile: not re-issued without an operator.
        let edited = try LifecycleFixture(
            edit: { $0["certifier-base.yaml"] = $0["certifier-base.yaml"]?.replacingOccurrences(of: "Certbridge Academy", with: "Other Academy") },
            key: fixture.key)
        defer { edited.remove() }
        let result = await Self.converter(edited, store).convert(.object(corrected), previous: Self.previous(second))
        guard case .held(let reason) = result else {
            Issue.record("expected held, got \(result)")
            return
        }
        #expect(reason.contains("certbridge reissue --profile course-certificate-tsg"))
    }

    @Test("offline conversion refuses a profile with status:, naming the profile and why")
    func offlineRefuses() throws {
        let fixture = try LifecycleFixture()
        defer { fixture.remove() }
        guard case .failed(_, let error) = fixture.pipeline.process(try LifecycleFixture.certifierCredential()) else {
            Issue.record("expected a failure")
            return
        }
        #expect("\(error)".contains("profile 'course-certificate-tsg' has status: (list 'courses')"))
        #expect("\(error)".contains("only the gateway's store assigns"))
    }

    @Test("a status list is signed like its credentials, verifies, and a standard GZIP reader finds exactly the set bits")
    func signedList() async throws {
        let fixture = try LifecycleFixture()
        defer { fixture.remove() }
        let revoked = [0, 7, 4_242, 131_071]
        for (suite, version) in [("JsonWebSignature2020", "1.1"), ("eddsa-jcs-2022", "2.0"), ("eddsa-rdfc-2022", "2.0")] {
            let family = StatusListFamily(
                name: "courses", purpose: "revocation", issuer: LifecycleFixture.issuer, suite: suite, proofForm: "w3c", version: version)
            let record = StatusListRecord(slug: "courses-revocation-1", family: family, entries: 131_072, setIndexes: revoked, changes: 3)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let text = try fixture.listSigner().sign(record, now: now, validUntil: now.addingTimeInterval(86_400))
            let credential = try JSONValue(parsing: text)
            let proof = try fixture.verifier().verify(credential)
            #expect(proof.proofs.first.map { $0.cryptosuite ?? $0.type } == suite)
            #expect(credential[version == "1.1" ? "expirationDate" : "validUntil"]?.stringValue == "2027-01-16T08:00:00Z")
            let url = LifecycleFixture.statusBase + "courses-revocation-1"
            let list = try StatusListCredential(credential, url: url)
            #expect(list.issuer == LifecycleFixture.issuer)
            for index in [0, 1, 7, 8, 4_242, 131_070, 131_071] {
                #expect(try list.bitstring.status(at: index) == (revoked.contains(index) ? 1 : 0))
            }
            let encoded = try #require(credential["credentialSubject"]?["encodedList"]?.stringValue)
            #expect(try await StandardGzip.decode(encoded) == (131_072, Set(revoked)))
        }
    }
}
