import AsyncHTTPClient
import Composition
import Foundation
import JSONCanonical
import MailStandIn
import OID4VCIHolderStandIn
import ServeStandIns
import StatusList
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// OpenID4VCI offers against the real `certbridge serve` binary: a Certifier credential whose
/// profile targets `oid4vci` becomes an offer e-mailed to its recipient (through the loopback SMTP
/// stand-in); a holder written apart from the server (`OID4VCIHolderStandIn`) follows the link and
/// redeems it in the specification's request shapes and in TSG's, and `certbridge verify` checks
/// what it got. The refusals (replayed and expired codes, wrong transaction codes, stale and reused
/// nonces, bad proofs, revoked offers) are asserted by status and `error` code.
///
/// `public_url` is `http://127.0.0.1:<serve port>`, so the port is chosen before the gateway starts
/// and `destinations.oid4vci.allow_http_loopback` lets the issuer identifier be plain http.
@Suite("OpenID4VCI offers through certbridge serve", .serialized)
struct OID4VCIProcessTests {
    /// A VC 1.1 profile without a transaction code: offered as ldp_vc and jwt_vc_json.
    static let plainProfile = "course-certificate-oid4vci"
    static let plainGroup = "01hoid4vci000000000000000a"
    /// A VC 2.0 profile whose offers ask for a 6-digit transaction code: ldp_vc only.
    static let pinProfile = "course-certificate-oid4vci-pin"
    static let pinGroup = "01hoid4vci000000000000000b"
    static let issuerDID = "did:web:certbridge.example.org"
    static let adminToken = "admin-token-oid4vci-e2e-0123456789"
    /// How long any one wait may take: generous, the machine is slow under load.
    static let patience: Duration = .seconds(90)

    // MARK: Set-up

    /// A copy of mappings/ with the two oid4vci profiles. Neither sets `credentialSubject.id`:
    /// the gateway binds the VC to the holder's DID at redemption.
    static func profiles() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-oid4vci-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: SharedVectors.repositoryFile("mappings"), to: folder)
        let plain = """
            name: \(plainProfile)
            extends: certifier-base
            priority: 20
            match:
              groupId: \(plainGroup)
              status: issued
            vc: "1.1"
            target: oid4vci
            namespace: 3f0c2a4e-8d6b-4c1e-9f7a-2b5d8e1c4a6f
            context:
              - https://www.w3.org/2018/credentials/v1
              - https://w3id.org/security/data-integrity/v2
              - https://certbridge.example.org/contexts/certbridge-v1.jsonld
            type: [VerifiableCredential, CertifierCredential, CourseCertificate]
            id: 'https://certbridge.example.org/credentials/{{ uuid5(namespace, id) }}{{ if(revision > 0, concat("-r", revision), "") }}'
            issuer: '{{ issuer }}'
            issuanceDate: '{{ dateTime(issueDate) }}'
            expirationDate: '{{ dateTime(addDays(issueDate, 3650)) }}'
            credentialSubject:
              email: '{{ lower(trim(recipient.email)) }}'
            status:
              purposes: [revocation, suspension]
              list: offers

            """
        let pin = """
            name: \(pinProfile)
            extends: certifier-base
            priority: 20
            match:
              groupId: \(pinGroup)
              status: issued
            vc: "2.0"
            target: oid4vci
            namespace: 7a1e5c3b-2d4f-4e6a-8b9c-0d1e2f3a4b5c
            context:
              - https://www.w3.org/ns/credentials/v2
              - https://certbridge.example.org/contexts/certbridge-v1.jsonld
            type: [VerifiableCredential, CertifierCredential, CourseCertificate]
            id: 'https://certbridge.example.org/credentials/{{ uuid5(namespace, id) }}{{ if(revision > 0, concat("-r", revision), "") }}'
            validFrom: '{{ dateTime(issueDate) }}'
            validUntil: '{{ dateTime(addDays(issueDate, 3650)) }}'
            status:
              purposes: [revocation]
              list: offers
            offer:
              tx_code: 6

            """
        try Data(plain.utf8).write(to: folder.appendingPathComponent("\(plainProfile).yaml"))
        try Data(pin.utf8).write(to: folder.appendingPathComponent("\(pinProfile).yaml"))
        return folder
    }

    /// The configuration sections for offers: public_url on the chosen port, the admin API, SMTP to
    /// the stand-in, a high rate limit, status lists, and the OID4VCI destination.
    static func extra(port: Int, mailPort: Int, codeLifetime: String, nonceLifetime: String) -> String {
        """
        public_url: http://127.0.0.1:\(port)
        admin:
          token: file:admin.token
        smtp:
          host: 127.0.0.1
          port: \(mailPort)
          security: none
          from: "Certificates <certificates@example.org>"
        rate_limit:
          requests_per_minute: 6000
          burst: 1000
        status:
          publish_interval: 100ms
        destinations:
          oid4vci:
            allow_http_loopback: true
            code_lifetime: \(codeLifetime)
            nonce_lifetime: \(nonceLifetime)
            token_lifetime: 10m
            proof_max_age: 5m

        """
    }

    /// A port on 127.0.0.1 that nothing listens on right now (bound to port 0, read back, released).
    static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StandInError.serverDidNotStart("socket() failed: \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw StandInError.serverDidNotStart("bind() failed: \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw StandInError.serverDidNotStart("getsockname() failed: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A Certifier credential of `group` for the recipient `email` (no holder DID anywhere).
    static func credential(_ id: String, group: String, email: String) -> JSONValue {
        var document = tsgCredential(id, did: nil)
        document["groupId"] = .string(group)
        document["recipient"] = ["id": "01jmerc7l3y0e4w8r9x5o6u7zb", "name": "José Ñúñez", "email": .string(email)]
        return document
    }

    /// A running gateway process on a known port, with its harness, mail stand-in and profiles.
    struct Run {
        let harness: ServeHarness
        let serve: ServeProcess
        let mail: MailStandIn
        let profiles: URL

        /// `public_url`, which is also where the process listens.
        var base: String { "http://127.0.0.1:\(serve.port)" }
        var config: String { harness.configPath }

        func stop() async {
            serve.command.signal(SIGTERM)
            _ = try? await serve.waitForExit(timeout: .seconds(20))
            await mail.stop()
            await harness.stop()
            try? FileManager.default.removeItem(at: profiles)
        }

        /// A holder with a fresh key.
        func holder() -> OID4VCIHolder { OID4VCIHolder(http: .shared) }

        /// Puts the Certifier credential in the stand-in and sends its `credential.created` webhook.
        func issue(_ id: String, group: String, email: String) async throws {
            harness.certifier.put(OID4VCIProcessTests.credential(id, group: group, email: email))
            #expect(try await serve.webhook.post(eventId: "created-\(id)", credentialId: id) == 202)
        }

        /// `GET /v1/credentials/<id>/offer` with `token` as Bearer (none when nil).
        func admin(_ credentialId: String, token: String? = OID4VCIProcessTests.adminToken) async throws -> OID4VCIHolder.Reply {
            let headers = token.map { [("Authorization", "Bearer \($0)")] } ?? []
            return try await holder().send(.GET, base + "/v1/credentials/\(credentialId)/offer", headers: headers)
        }

        /// The admin API's record of the credential's offer, once there is one.
        func offer(for credentialId: String) async throws -> JSONValue {
            var record: JSONValue?
            try await OID4VCIProcessTests.waitFor("an offer exists for \(credentialId)") {
                let reply = try await admin(credentialId)
                if reply.status == 200 { record = reply.json }
                return record != nil
            }
            return try #require(record, "no offer for \(credentialId); serve log:\n\(serve.log.suffix(4000))")
        }

        /// The messages the SMTP stand-in accepted for `email`, once there are at least `count`.
        func mails(to email: String, count: Int = 1) async throws -> [MailStandIn.ReceivedMessage] {
            var found: [MailStandIn.ReceivedMessage] = []
            try await OID4VCIProcessTests.waitFor("\(count) e-mail(s) reach \(email)") {
                found = mail.messages.filter { $0.recipients.contains { $0.lowercased() == email.lowercased() } }
                return found.count >= count
            }
            return found
        }

        /// The offer page links (`<public_url>/offers/<id>`) in a message, its body decoded.
        func offerLinks(in message: MailStandIn.ReceivedMessage) -> [String] {
            OID4VCIProcessTests.offerLinks(in: OID4VCIProcessTests.decodeQuotedPrintable(message.text), base: base)
        }

        /// The issuer's endpoints, read from its metadata as a holder would.
        func endpoints() async throws -> (token: String, nonce: String, credential: String) {
            let holder = holder()
            let metadata = try await holder.issuerMetadata(base)
            #expect(metadata.status == 200, "\(metadata)")
            let server = try await holder.authorizationServerMetadata(base)
            #expect(server.status == 200, "\(server)")
            return (
                try #require(server.json?["token_endpoint"]?.stringValue, "\(server)"),
                try #require(metadata.json?["nonce_endpoint"]?.stringValue, "\(metadata)"),
                try #require(metadata.json?["credential_endpoint"]?.stringValue, "\(metadata)")
            )
        }

        /// A fresh pre-authorized code from the offer at `offerURI`.
        func code(_ offerURI: String) async throws -> OID4VCIHolder.Offer {
            let reply = try await holder().fetchOffer(offerURI)
            #expect(reply.status == 200, "\(reply)")
            return try #require(reply.json.flatMap(OID4VCIHolder.Offer.init), "\(reply)")
        }

        /// Runs the built `certbridge` with `arguments` without holding a thread of the pool.
        func certbridge(_ arguments: [String]) async throws -> CommandRun {
            try await BuiltExecutable.start(executable: try BuiltExecutable.url("certbridge"), arguments: arguments)
                .finished(timeout: .seconds(120))
        }

        /// `certbridge verify` on one credential (a VC object, or a compact JWT), with the served
        /// did.json, the profiles' contexts and the served status list it cites: its output.
        func verify(_ credential: JSONValue, name: String) async throws -> CommandRun {
            let work = harness.directory
            let didPath = work.appendingPathComponent("did.json").path
            try Data(try await harness.startedDID(serve.port).utf8).write(to: URL(fileURLWithPath: didPath))
            let file = work.appendingPathComponent(name)
            let vc: JSONValue
            if let jwt = credential.stringValue {
                try Data((jwt + "\n").utf8).write(to: file)
                let payload = try #require(OID4VCIHolder.decodeJWT(jwt)?.payload, "not a JWT: \(jwt)")
                vc = payload["vc"] ?? payload
            } else {
                try Data(credential.prettyString.utf8).write(to: file)
                vc = credential
            }
            var arguments = ["verify", file.path, "--did-doc", didPath, "--contexts", profiles.path]
            for (index, entry) in try StatusListEntry.entries(of: vc).enumerated() {
                var list = ""
                try await OID4VCIProcessTests.waitFor("the status list \(entry.listCredential) is served") {
                    let reply = try await holder().send(.GET, entry.listCredential)
                    list = reply.text
                    return reply.status == 200
                }
                let listPath = work.appendingPathComponent("\(name)-list-\(index).json").path
                try Data(list.utf8).write(to: URL(fileURLWithPath: listPath))
                arguments += ["--status-list", "\(entry.listCredential)=\(listPath)"]
            }
            return try await certbridge(arguments)
        }
    }

    /// Starts the mail stand-in and `certbridge serve` on a port chosen first (so that public_url
    /// names it), with the admin token in a file beside the configuration.
    static func start(codeLifetime: String = "10m", nonceLifetime: String = "5m") async throws -> Run {
        let mail = try await MailStandIn.start(MailStandIn.Configuration(security: .plain), authority: nil)
        let profiles = try Self.profiles()
        var lastError: (any Error)?
        // A port chosen up front can be taken by someone else before serve binds it: try another.
        for _ in 0..<3 {
            let port = try freeLoopbackPort()
            let harness = try await ServeHarness(
                profiles: profiles.path,
                extra: extra(port: port, mailPort: mail.port, codeLifetime: codeLifetime, nonceLifetime: nonceLifetime))
            let configURL = URL(fileURLWithPath: harness.configPath)
            let yaml = try String(contentsOf: configURL, encoding: .utf8)
            #expect(yaml.contains("listen: 127.0.0.1:0\n"))
            try Data(yaml.replacingOccurrences(of: "listen: 127.0.0.1:0\n", with: "listen: 127.0.0.1:\(port)\n").utf8).write(to: configURL)
            let tokenPath = harness.directory.appendingPathComponent("admin.token").path
            guard
                FileManager.default.createFile(
                    atPath: tokenPath, contents: Data((adminToken + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw StandInError.serverDidNotStart("cannot write \(tokenPath)") }
            do {
                let serve = try await startServe(config: harness.configPath, port: port)
                return Run(harness: harness, serve: serve, mail: mail, profiles: profiles)
            } catch {
                lastError = error
                await harness.stop()
                guard "\(error)".lowercased().contains("in use") else { break }
            }
        }
        await mail.stop()
        try? FileManager.default.removeItem(at: profiles)
        throw lastError ?? StandInError.serverDidNotStart("certbridge serve")
    }

    /// `certbridge serve --config config`, once its log says it listens on `port`.
    static func startServe(config: String, port: Int) async throws -> ServeProcess {
        let command = try BuiltExecutable.start(executable: try BuiltExecutable.url("certbridge"), arguments: ["serve", "--config", config])
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline {
            if command.stderr.contains("address=127.0.0.1:\(port)") { return ServeProcess(command: command, port: port) }
            guard command.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        command.signal(SIGKILL)
        throw StandInError.serverDidNotStart("certbridge serve on port \(port): \(command.stderr)")
    }

    /// Polls `condition` every 100 ms until it holds; records an issue after `timeout`.
    static func waitFor(_ what: String, timeout: Duration = patience, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out after \(timeout) waiting until \(what)")
    }

    // MARK: Reading e-mails and pages

    /// Quoted-printable decoded: soft line breaks (`=\r\n`) removed, `=XX` turned into bytes, UTF-8.
    static func decodeQuotedPrintable(_ text: String) -> String {
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "").utf8)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count,
                let byte = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                output.append(byte)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Every distinct `<base>/offers/<id>` link in `text`, in order of appearance.
    static func offerLinks(in text: String, base: String) -> [String] {
        let prefix = base + "/offers/"
        let idCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        var links: [String] = []
        var rest = text[...]
        while let range = rest.range(of: prefix) {
            let id = rest[range.upperBound...].prefix { idCharacters.contains($0) }
            rest = rest[range.upperBound...]
            let link = prefix + id
            if !id.isEmpty, !links.contains(link) { links.append(link) }
        }
        return links
    }

    /// The value of a header of a message (unfolded), `nil` when it has none.
    static func header(_ name: String, of message: MailStandIn.ReceivedMessage) -> String? {
        let text = message.text
        let head = text.range(of: "\r\n\r\n").map { String(text[..<$0.lowerBound]) } ?? text
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ")
        for line in unfolded.components(separatedBy: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ":") {
            return String(line.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Whether a Content-Security-Policy lets any script run: its `script-src`, else its
    /// `default-src`, must be `'none'`.
    static func allowsScripts(_ policy: String) -> Bool {
        var directives: [String: String] = [:]
        for directive in policy.split(separator: ";") {
            let words = directive.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard let name = words.first else { continue }
            directives[name.lowercased()] = words.count > 1 ? String(words[1]).trimmingCharacters(in: .whitespaces) : ""
        }
        guard let sources = directives["script-src"] ?? directives["default-src"] else { return true }
        return sources != "'none'"
    }

    /// The checks every issued VC must pass: bound to the holder's DID, issued by the gateway's DID.
    static func expectBound(_ vc: JSONValue?, to holder: OID4VCIHolder, _ what: String) {
        #expect(vc?["credentialSubject"]?["id"]?.stringValue == holder.did, "\(what): credentialSubject.id is not the holder DID: \(vc?.compactString ?? "nil")")
        let issuer = vc?["issuer"]?.stringValue ?? vc?["issuer"]?["id"]?.stringValue
        #expect(issuer == issuerDID, "\(what): issuer \(issuer ?? "nil")")
    }

    // MARK: Tests

    @Test("the e-mail reaches the recipient with the offer link; the page has a QR code, no script, and the offer link; metadata, admin API and CLI agree")
    func mailPageAndMetadata() async throws {
        let run = try await Self.start()
        defer { Task { await run.stop() } }
        let email = "ana.mail@example.org"
        try await run.issue("01oidmail1", group: Self.plainGroup, email: email)

        // The e-mail: to the recipient, from the configured sender, with the offer page link.
        let message = try #require(try await run.mails(to: email).first)
        #expect(message.from == "certificates@example.org")
        #expect(message.recipients == [email])
        #expect(Self.header("To", of: message)?.contains(email) == true, "\(message.text.prefix(1500))")
        let links = run.offerLinks(in: message)
        #expect(links.count == 1, "\(links) in \(Self.decodeQuotedPrintable(message.text))")
        let link = try #require(links.first)

        // The admin API names the same offer; without or with a wrong token it answers 401.
        let record = try await run.offer(for: "01oidmail1")
        #expect(record["offer_url"]?.stringValue == link)
        let offerID = try #require(record["offer_id"]?.stringValue)
        #expect(link == run.base + "/offers/" + offerID)
        #expect(record["credential_offer_uri"]?.stringValue == link + "/credential-offer")
        #expect(record["profile"]?.stringValue == Self.plainProfile)
        #expect(record["vc_id"]?.stringValue?.hasPrefix("https://certbridge.example.org/credentials/") == true)
        #expect(record["state"]?.stringValue?.isEmpty == false)
        #expect(record["tx_code"] == nil || record["tx_code"]?.isNull == true, "a profile without offer.tx_code has no transaction code")
        #expect(try await run.admin("01oidmail1", token: nil).status == 401)
        #expect(try await run.admin("01oidmail1", token: "not-the-admin-token").status == 401)

        // The page: HTML, a CSP that runs no script, an inline SVG QR code and the offer link.
        let holder = run.holder()
        let page = try await holder.offerURI(fromPage: link)
        #expect(page.reply.status == 200, "\(page.reply)")
        #expect(page.reply.header("Content-Type")?.hasPrefix("text/html") == true)
        let policy = try #require(page.reply.header("Content-Security-Policy"), "the page has no Content-Security-Policy")
        #expect(!Self.allowsScripts(policy), "\(policy)")
        #expect(!page.reply.text.lowercased().contains("<script"))
        #expect(page.reply.text.contains("<svg"))
        #expect(page.link?.hasPrefix("openid-credential-offer://?credential_offer_uri=") == true, "\(page.link ?? "no link")")
        #expect(page.credentialOfferURI == link + "/credential-offer")

        // The offer: by reference, JSON, not cacheable, a fresh code each time.
        let offerURI = try #require(page.credentialOfferURI)
        let first = try await holder.fetchOffer(offerURI)
        #expect(first.status == 200, "\(first)")
        #expect(first.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(first.header("Cache-Control")?.contains("no-store") == true)
        let offer = try #require(first.json.flatMap(OID4VCIHolder.Offer.init), "\(first)")
        #expect(offer.credentialIssuer == run.base)
        #expect(offer.configurationIDs.contains("\(Self.plainProfile).ldp_vc"), "\(offer.configurationIDs)")
        #expect(offer.txCode == nil)
        let second = try #require(try await holder.fetchOffer(offerURI).json.flatMap(OID4VCIHolder.Offer.init))
        #expect(second.preAuthorizedCode != offer.preAuthorizedCode)

        // Metadata: the issuer identifier is public_url; the endpoints and configurations are there.
        let metadata = try await holder.issuerMetadata(run.base)
        #expect(metadata.status == 200, "\(metadata)")
        let issuerMetadata = try #require(metadata.json)
        #expect(issuerMetadata["credential_issuer"]?.stringValue == run.base)
        for endpoint in ["credential_endpoint", "nonce_endpoint", "token_endpoint"] {
            #expect(issuerMetadata[endpoint]?.stringValue?.hasPrefix(run.base + "/") == true, "\(endpoint) in \(issuerMetadata)")
        }
        let configurations = try #require(issuerMetadata["credential_configurations_supported"]?.objectValue)
        for id in ["\(Self.plainProfile).ldp_vc", "\(Self.plainProfile).jwt_vc_json", "\(Self.pinProfile).ldp_vc"] {
            #expect(configurations.contains(id), "\(id) not in \(configurations.keys)")
        }
        #expect(configurations["\(Self.plainProfile).ldp_vc"]?["format"]?.stringValue == "ldp_vc")
        #expect(configurations["\(Self.plainProfile).jwt_vc_json"]?["format"]?.stringValue == "jwt_vc_json")
        let tokenEndpoint = issuerMetadata["token_endpoint"]?.stringValue
        for openID in [false, true] {
            let server = try await holder.authorizationServerMetadata(run.base, openIDConfiguration: openID)
            #expect(server.status == 200, "\(server)")
            #expect(server.json?["token_endpoint"]?.stringValue == tokenEndpoint, "\(server)")
        }
        let nonce = try await holder.nonce(try #require(issuerMetadata["nonce_endpoint"]?.stringValue))
        #expect(nonce.status == 200, "\(nonce)")
        #expect(nonce.json?["c_nonce"]?.stringValue?.isEmpty == false)
        #expect(nonce.header("Cache-Control")?.contains("no-store") == true)

        // The CLI: list names the offer by its Certifier id but never prints the offer id (the bearer of the offer);
        // show finds it by offer id and by Certifier id; resend mails the same link again.
        let config = ["--config", run.config]
        let list = try await run.certbridge(["offers", "list"] + config)
        #expect(list.status == 0, "\(list.output)")
        #expect(list.stdout.contains("01oidmail1") && list.stdout.contains("open"), "\(list.stdout)")
        #expect(!list.stdout.contains(offerID), "\(list.stdout)")
        for key in [offerID, "01oidmail1"] {
            let show = try await run.certbridge(["offers", "show"] + config + [key])
            #expect(show.status == 0, "\(show.output)")
            #expect(show.stdout.contains(offerID), "\(show.stdout)")
        }
        let resend = try await run.certbridge(["offers", "resend"] + config + [offerID])
        #expect(resend.status == 0, "\(resend.output)")
        let both = try await run.mails(to: email, count: 2)
        #expect(both.count == 2)
        if let again = both.last { #expect(run.offerLinks(in: again) == [link]) }
    }

    @Test("the specification's flow from the e-mailed link: ldp_vc bound to the holder's did:key, verified by certbridge verify; with a transaction code too; then the offer is gone")
    func specFlow() async throws {
        let run = try await Self.start()
        defer { Task { await run.stop() } }
        try await run.issue("01oidspec1", group: Self.plainGroup, email: "ben.spec@example.org")
        try await run.issue("01oidspec2", group: Self.pinGroup, email: "cleo.spec@example.org")

        // Without a transaction code (VC 1.1), from the link in the e-mail.
        let linkMail = try #require(try await run.mails(to: "ben.spec@example.org").first)
        let link = try #require(run.offerLinks(in: linkMail).first)
        let stateBefore = try await run.offer(for: "01oidspec1")["state"]?.stringValue
        let holder = run.holder()
        let issued = try await holder.runSpec(offerLink: link, configuration: "\(Self.plainProfile).ldp_vc")
        #expect(issued.response.status == 200)
        #expect(issued.credential.objectValue != nil, "ldp_vc is a JSON object: \(issued.credential)")
        Self.expectBound(issued.vc, to: holder, "ldp_vc")
        #expect(issued.vc?["proof"] != nil)
        #expect(issued.vc?["credentialSubject"]?["email"]?.stringValue == "ben.spec@example.org")
        #expect(issued.token.json?["token_type"]?.stringValue?.lowercased() == "bearer", "\(issued.token)")
        let verified = try await run.verify(issued.credential, name: "spec-ldp.json")
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.stdout.contains("1 verified, 0 failed"), "\(verified.output)")

        // Redeemed: the offer is gone (410 with an error), and the admin API's state has moved on.
        let offerURI = link + "/credential-offer"
        let gone = try await holder.fetchOffer(offerURI)
        #expect(gone.status == 410, "\(gone)")
        #expect(gone.error?.isEmpty == false, "\(gone)")
        let stateAfter = try await run.admin("01oidspec1").json?["state"]?.stringValue
        #expect(stateAfter != nil && stateAfter != stateBefore, "state \(stateBefore ?? "nil") -> \(stateAfter ?? "nil")")

        // With a transaction code (VC 2.0): the offer asks for 6 digits, the admin API tells it.
        let pinRecord = try await run.offer(for: "01oidspec2")
        let txCode = try #require(pinRecord["tx_code"]?.stringValue, "\(pinRecord)")
        #expect(txCode.count == 6 && txCode.allSatisfy(\.isNumber), "\(txCode)")
        let pinLinkMail = try #require(try await run.mails(to: "cleo.spec@example.org").first)
        let pinLink = try #require(run.offerLinks(in: pinLinkMail).first)
        #expect(pinRecord["offer_url"]?.stringValue == pinLink)
        let pinOffer = try await run.code(pinLink + "/credential-offer")
        #expect(pinOffer.txCode?["length"]?.numberValue == 6, "\(pinOffer.json)")
        let pinHolder = run.holder()
        let pinIssued = try await pinHolder.runSpec(offerLink: pinLink, txCode: txCode)
        #expect(pinIssued.credential.objectValue != nil)
        #expect(pinIssued.configurationID == "\(Self.pinProfile).ldp_vc")
        Self.expectBound(pinIssued.vc, to: pinHolder, "ldp_vc with tx_code")
        #expect(pinIssued.vc?["@context"]?[0]?.stringValue == "https://www.w3.org/ns/credentials/v2")
        let pinVerified = try await run.verify(pinIssued.credential, name: "spec-pin.json")
        #expect(pinVerified.status == 0, "\(pinVerified.output)")

        // No offer id, code, transaction code, access token or nonce in the gateway's logs.
        let logs = run.serve.command.stdout + run.serve.command.stderr
        #expect(logs.contains("OpenID4VCI: credential issued"), "the log lines checked are the gateway's own")
        var secrets = [txCode, issued.accessToken, pinIssued.accessToken, pinOffer.preAuthorizedCode]
        secrets += [link, pinLink].compactMap { $0.split(separator: "/").last.map(String.init) }
        secrets += [issued.offer?.preAuthorizedCode, issued.token.json?["c_nonce"]?.stringValue].compactMap { $0 }
        for secret in secrets where secret.count >= 6 {
            #expect(!logs.contains(secret), "a secret (\(secret.prefix(4))…) is in the log")
        }
    }

    @Test("a code, a token and a nonce outlive a restart of serve (they are in the store); a VC revoked before redemption is not issued, and its offer is revoked")
    func restartAndWithdrawal() async throws {
        let run = try await Self.start()
        defer { Task { await run.stop() } }
        try await run.issue("01oidrst1", group: Self.plainGroup, email: "gil.restart@example.org")
        try await run.issue("01oidrst2", group: Self.plainGroup, email: "hal.withdrawn@example.org")
        let kept = try await run.offer(for: "01oidrst1")
        let withdrawn = try await run.offer(for: "01oidrst2")
        let endpoints = try await run.endpoints()
        let holder = run.holder()
        let token = try await holder.token(endpoints.token, code: try await run.code(try #require(kept["credential_offer_uri"]?.stringValue)).preAuthorizedCode)
        let accessToken = try #require(token.json?["access_token"]?.stringValue, "\(token)")
        let identifier = try #require(token.json?["authorization_details"]?[0]?["credential_identifiers"]?[0]?.stringValue)
        let nonce = try #require(try await holder.nonce(endpoints.nonce).json?["c_nonce"]?.stringValue)
        let laterCode = try await run.code(try #require(withdrawn["credential_offer_uri"]?.stringValue)).preAuthorizedCode

        // Restart: the same configuration, store and port.
        run.serve.command.signal(SIGTERM)
        _ = try await run.serve.waitForExit(timeout: .seconds(30))
        let restarted = try await Self.startServe(config: run.config, port: run.serve.port)
        defer { restarted.command.signal(SIGTERM) }
        let afterRestart = try await holder.credential(
            endpoints.credential, accessToken: accessToken,
            body: OID4VCIHolder.specRequest(credentialIdentifier: identifier, proofs: [try await holder.proof(nonce: nonce, audience: run.base)]))
        #expect(afterRestart.status == 200, "\(afterRestart)")
        Self.expectBound(OID4VCIHolder.firstCredential(in: afterRestart.json), to: holder, "after a restart")

        // The other VC is revoked by an operator before its holder redeems the offer.
        // (The job records the VC as issued just after the offer is stored: revoke once it has.)
        let vcId = try #require(withdrawn["vc_id"]?.stringValue)
        try await Self.waitFor("\(vcId) is revoked") {
            try await run.certbridge(["revoke", vcId, "--reason", "issued in error", "--config", run.config]).status == 0
        }
        let late = run.holder()
        let lateToken = try await late.token(endpoints.token, code: laterCode)
        let lateAccess = try #require(lateToken.json?["access_token"]?.stringValue, "\(lateToken)")
        let lateIdentifier = try #require(lateToken.json?["authorization_details"]?[0]?["credential_identifiers"]?[0]?.stringValue)
        let refused = try await late.credential(
            endpoints.credential, accessToken: lateAccess,
            body: OID4VCIHolder.specRequest(
                credentialIdentifier: lateIdentifier,
                proofs: [try await late.proof(nonce: try #require(try await late.nonce(endpoints.nonce).json?["c_nonce"]?.stringValue), audience: run.base)]))
        #expect(refused.status == 400, "\(refused)")
        #expect(refused.errorDescription?.contains("withdrawn") == true, "\(refused)")
        #expect(try await run.offer(for: "01oidrst2")["state"]?.stringValue == "revoked")

        // Withdrawn before anyone opened the link: the page and the offer say so at once.
        try await run.issue("01oidrst3", group: Self.plainGroup, email: "ida.withdrawn@example.org")
        let third = try await run.offer(for: "01oidrst3")
        let thirdVC = try #require(third["vc_id"]?.stringValue)
        try await Self.waitFor("\(thirdVC) is revoked") {
            try await run.certbridge(["revoke", thirdVC, "--reason", "issued in error", "--config", run.config]).status == 0
        }
        let page = try await late.offerURI(fromPage: try #require(third["offer_url"]?.stringValue))
        #expect(page.reply.status == 410, "\(page.reply)")
        #expect(try await late.fetchOffer(try #require(third["credential_offer_uri"]?.stringValue)).status == 410)

        // Suspended: refused while it lasts, the offer kept open; redeemed once it is lifted.
        try await run.issue("01oidrst4", group: Self.plainGroup, email: "jo.suspended@example.org")
        let fourth = try await run.offer(for: "01oidrst4")
        let fourthVC = try #require(fourth["vc_id"]?.stringValue)
        try await Self.waitFor("\(fourthVC) is suspended") {
            try await run.certbridge(["suspend", fourthVC, "--reason", "under review", "--config", run.config]).status == 0
        }
        let waiting = run.holder()
        let waitingToken = try await waiting.token(
            endpoints.token, code: try await run.code(try #require(fourth["credential_offer_uri"]?.stringValue)).preAuthorizedCode)
        let waitingAccess = try #require(waitingToken.json?["access_token"]?.stringValue, "\(waitingToken)")
        let waitingIdentifier = try #require(waitingToken.json?["authorization_details"]?[0]?["credential_identifiers"]?[0]?.stringValue)
        func redeem() async throws -> OID4VCIHolder.Reply {
            let nonce = try #require(try await waiting.nonce(endpoints.nonce).json?["c_nonce"]?.stringValue)
            return try await waiting.credential(
                endpoints.credential, accessToken: waitingAccess,
                body: OID4VCIHolder.specRequest(
                    credentialIdentifier: waitingIdentifier, proofs: [try await waiting.proof(nonce: nonce, audience: run.base)]))
        }
        let suspended = try await redeem()
        #expect(suspended.status == 400 && suspended.errorDescription?.contains("suspended") == true, "\(suspended)")
        #expect(try await run.offer(for: "01oidrst4")["state"]?.stringValue == "open")
        let lift = try await run.certbridge(["unsuspend", fourthVC, "--reason", "review done", "--config", run.config])
        #expect(lift.status == 0, "\(lift.output)")
        let lifted = try await redeem()
        #expect(lifted.status == 200, "\(lifted)")
        Self.expectBound(OID4VCIHolder.firstCredential(in: lifted.json), to: waiting, "after the suspension was lifted")
    }

    /// Headless Chromium (Debian's `chromium`) renders the offer page; zbarimg reads the QR code
    /// from the screenshot. Behind `CERTBRIDGE_CHROMIUM_TEST=1`: the browser is large and not in CI.
    @Test(
        "the offer page in headless Chromium: its screenshot's QR code decodes to the openid-credential-offer link",
        .enabled(if: ProcessInfo.processInfo.environment["CERTBRIDGE_CHROMIUM_TEST"] == "1"))
    func pageInChromium() async throws {
        let run = try await Self.start()
        defer { Task { await run.stop() } }
        try await run.issue("01oidchrome", group: Self.plainGroup, email: "dana.chrome@example.org")
        let message = try #require(try await run.mails(to: "dana.chrome@example.org").first)
        let link = try #require(run.offerLinks(in: message).first)
        let page = try await run.holder().offerURI(fromPage: link)
        let shot = run.harness.directory.appendingPathComponent("offer.png").path
        let chromium = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/usr/bin/chromium"),
            arguments: [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=700,1100",
                "--screenshot=\(shot)", link,
            ])
        #expect(FileManager.default.fileExists(atPath: shot), "chromium: \(chromium.stdout) \(chromium.stderr)")
        let decoded = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/usr/bin/zbarimg"), arguments: ["--quiet", "--raw", shot])
        #expect(decoded.status == 0, "zbarimg: \(decoded.stderr)")
        #expect(decoded.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == page.link ?? "(no link on the page)", "\(decoded.stdout)")
    }

    @Test("TSG's holders: the newest shapes (token endpoint from the issuer metadata, proofs as an array) and the older ones (c_nonce from the token, jwt_vc_json with kid, iss, jti); certbridge verify accepts both")
    func tsgHolders() async throws {
        let run = try await Self.start()
        defer { Task { await run.stop() } }
        try await run.issue("01oidtsg1", group: Self.plainGroup, email: "dana.tsg@example.org")
        try await run.issue("01oidtsg2", group: Self.plainGroup, email: "eli.tsg@example.org")

        // TSG's newest holder, started from the issuer URL and a pre-authorized code.
        let newest = try await run.offer(for: "01oidtsg1")
        let newestCode = try await run.code(try #require(newest["credential_offer_uri"]?.stringValue))
        let holder = run.holder()
        let issued = try await holder.runTSG(issuerURL: run.base, preAuthorizedCode: newestCode.preAuthorizedCode)
        #expect(issued.configurationID?.hasPrefix(Self.plainProfile + ".") == true, "\(issued.token)")
        Self.expectBound(issued.vc, to: holder, "TSG newest")
        if let claims = issued.decodedJWT?.payload { #expect(claims["sub"]?.stringValue == holder.did) }
        let verified = try await run.verify(issued.credential, name: "tsg-newest.json")
        #expect(verified.status == 0, "\(verified.output)")

        // TSG's older holder: a VC 1.1 JWT in a top-level credential (the holder checked vc, kid, iss, jti).
        let legacy = try await run.offer(for: "01oidtsg2")
        let legacyCode = try await run.code(try #require(legacy["credential_offer_uri"]?.stringValue))
        let legacyHolder = run.holder()
        let legacyIssued = try await legacyHolder.runTSGLegacy(issuerURL: run.base, preAuthorizedCode: legacyCode.preAuthorizedCode)
        let jwt = try #require(legacyIssued.jwt, "\(legacyIssued.credential)")
        let decoded = try #require(legacyIssued.decodedJWT)
        #expect(decoded.header["kid"]?.stringValue?.hasPrefix(Self.issuerDID + "#") == true, "\(decoded.header)")
        #expect(decoded.header["alg"]?.stringValue != "none")
        #expect(decoded.payload["iss"]?.stringValue == Self.issuerDID)
        #expect(decoded.payload["sub"]?.stringValue == legacyHolder.did)
        #expect(decoded.payload["jti"]?.stringValue == legacyIssued.vc?["id"]?.stringValue)
        Self.expectBound(legacyIssued.vc, to: legacyHolder, "jwt_vc_json")
        #expect(legacyIssued.vc?["proof"] == nil, "a VC-JWT's vc claim carries no embedded proof")
        #expect(legacyIssued.configurationID == "\(Self.plainProfile).jwt_vc_json")
        // The 1.0 response list carries the same JWT.
        #expect(legacyIssued.response.json?["credentials"]?[0]?["credential"]?.stringValue == jwt, "\(legacyIssued.response)")
        let legacyVerified = try await run.verify(.string(jwt), name: "tsg-legacy.jwt")
        #expect(legacyVerified.status == 0, "\(legacyVerified.output)")
        #expect(legacyVerified.stdout.contains("1 verified, 0 failed"), "\(legacyVerified.output)")
    }

    @Test("refusals: unknown and replayed codes, wrong transaction codes (five kill the code), no or a bad access token, alg none, another aud, a bad signature, made-up and reused nonces, a revoked offer")
    func refusals() async throws {
        let run = try await Self.start()
        defer { Task { await run.stop() } }
        let ids = ["01oidref1", "01oidref2", "01oidref3", "01oidref4", "01oidref5"]
        try await run.issue(ids[0], group: Self.plainGroup, email: "f1@example.org")
        try await run.issue(ids[1], group: Self.plainGroup, email: "f2@example.org")
        try await run.issue(ids[2], group: Self.pinGroup, email: "f3@example.org")
        try await run.issue(ids[3], group: Self.pinGroup, email: "f4@example.org")
        try await run.issue(ids[4], group: Self.plainGroup, email: "f5@example.org")
        var records: [String: JSONValue] = [:]
        for id in ids { records[id] = try await run.offer(for: id) }
        func offerURI(_ id: String) throws -> String { try #require(records[id]?["credential_offer_uri"]?.stringValue) }
        let endpoints = try await run.endpoints()
        let holder = run.holder()

        // An unknown code.
        let unknown = try await holder.token(endpoints.token, code: "not-a-code-\(UUID().uuidString)")
        #expect(unknown.status == 400, "\(unknown)")
        #expect(unknown.error == "invalid_grant", "\(unknown)")

        // A replayed code: the first exchange succeeds, the second is refused.
        let offer = try await run.code(try offerURI(ids[0]))
        let token = try await holder.token(endpoints.token, code: offer.preAuthorizedCode)
        #expect(token.status == 200, "\(token)")
        #expect(token.header("Cache-Control")?.contains("no-store") == true)
        let replay = try await holder.token(endpoints.token, code: offer.preAuthorizedCode)
        #expect(replay.status == 400, "\(replay)")
        #expect(replay.error == "invalid_grant", "\(replay)")
        let accessToken = try #require(token.json?["access_token"]?.stringValue, "\(token)")
        let identifier = try #require(token.json?["authorization_details"]?[0]?["credential_identifiers"]?[0]?.stringValue, "\(token)")

        // The credential endpoint without an access token, or with one it never gave.
        func freshNonce() async throws -> String {
            let reply = try await holder.nonce(endpoints.nonce)
            return try #require(reply.json?["c_nonce"]?.stringValue, "\(reply)")
        }
        let goodBody = OID4VCIHolder.specRequest(
            credentialIdentifier: identifier, proofs: [try await holder.proof(nonce: try await freshNonce(), audience: run.base)])
        // (Without any token RFC 6750 §3.1 lets the answer carry no error code; a forged one is invalid_token.)
        let anonymous = try await holder.credential(endpoints.credential, accessToken: nil, body: goodBody)
        #expect(anonymous.status == 401, "\(anonymous)")
        let forged = try await holder.credential(endpoints.credential, accessToken: "forged-\(UUID().uuidString)", body: goodBody)
        #expect(forged.status == 401, "\(forged)")
        #expect(forged.error == "invalid_token", "\(forged)")

        // Bad proofs, each with a fresh nonce: alg none, another audience, a signature by another key.
        let badProofs: [(String, String)] = [
            ("alg none", try await holder.proof(nonce: try await freshNonce(), audience: run.base, alg: .none)),
            ("another aud", try await holder.proof(nonce: try await freshNonce(), audience: "https://issuer.example.org")),
            ("bad signature", try await holder.proof(nonce: try await freshNonce(), audience: run.base, alg: .edDSAWithForeignKey)),
        ]
        for (what, proof) in badProofs {
            let refused = try await holder.credential(
                endpoints.credential, accessToken: accessToken,
                body: OID4VCIHolder.specRequest(credentialIdentifier: identifier, proofs: [proof]))
            #expect(refused.status == 400, "\(what): \(refused)")
            #expect(refused.error == "invalid_proof", "\(what): \(refused)")
        }
        // A nonce the issuer never gave.
        let madeUp = try await holder.credential(
            endpoints.credential, accessToken: accessToken,
            body: OID4VCIHolder.specRequest(
                credentialIdentifier: identifier, proofs: [try await holder.proof(nonce: "made-up-\(UUID().uuidString)", audience: run.base)]))
        #expect(madeUp.status == 400, "\(madeUp)")
        #expect(madeUp.error == "invalid_nonce", "\(madeUp)")

        // After the refusals the same access token still redeems with a good proof (the holder retries, §8.3.1.2).
        let usedNonce = try await freshNonce()
        let redeemed = try await holder.credential(
            endpoints.credential, accessToken: accessToken,
            body: OID4VCIHolder.specRequest(credentialIdentifier: identifier, proofs: [try await holder.proof(nonce: usedNonce, audience: run.base)]))
        #expect(redeemed.status == 200, "\(redeemed)")
        Self.expectBound(OID4VCIHolder.firstCredential(in: redeemed.json), to: holder, "after refusals")

        // A reused nonce: another holder, with its own access token, presents the nonce already used.
        let other = run.holder()
        let otherOffer = try await run.code(try offerURI(ids[1]))
        let otherToken = try await other.token(endpoints.token, code: otherOffer.preAuthorizedCode)
        #expect(otherToken.status == 200, "\(otherToken)")
        let otherAccess = try #require(otherToken.json?["access_token"]?.stringValue)
        let otherIdentifier = try #require(otherToken.json?["authorization_details"]?[0]?["credential_identifiers"]?[0]?.stringValue)
        let reused = try await other.credential(
            endpoints.credential, accessToken: otherAccess,
            body: OID4VCIHolder.specRequest(credentialIdentifier: otherIdentifier, proofs: [try await other.proof(nonce: usedNonce, audience: run.base)]))
        #expect(reused.status == 400, "\(reused)")
        #expect(reused.error == "invalid_nonce", "\(reused)")

        // A wrong transaction code is refused; the right one (from the admin API) still works after it.
        let txCode = try #require(records[ids[2]]?["tx_code"]?.stringValue, "\(String(describing: records[ids[2]]))")
        let wrongCode = String(txCode.map { $0 == "9" ? "0" : Character(String(($0.wholeNumberValue ?? 0) + 1)) })
        let pinOfferReply = try await holder.fetchOffer(try offerURI(ids[2]))
        #expect(!pinOfferReply.text.contains(txCode), "the offer itself must not carry the transaction code")
        let pinOffer = try #require(pinOfferReply.json.flatMap(OID4VCIHolder.Offer.init), "\(pinOfferReply)")
        #expect(pinOffer.txCode != nil)
        let wrong = try await holder.token(endpoints.token, code: pinOffer.preAuthorizedCode, txCode: wrongCode)
        #expect(wrong.status == 400, "\(wrong)")
        #expect(wrong.error == "invalid_grant", "\(wrong)")
        let right = try await holder.token(endpoints.token, code: pinOffer.preAuthorizedCode, txCode: txCode)
        #expect(right.status == 200, "\(right)")

        // Five wrong transaction codes kill the code: the right one no longer works.
        let deadTx = try #require(records[ids[3]]?["tx_code"]?.stringValue)
        let deadWrong = String(deadTx.map { $0 == "9" ? "0" : Character(String(($0.wholeNumberValue ?? 0) + 1)) })
        let deadOffer = try await run.code(try offerURI(ids[3]))
        for attempt in 1...5 {
            let refused = try await holder.token(endpoints.token, code: deadOffer.preAuthorizedCode, txCode: deadWrong)
            #expect(refused.error == "invalid_grant", "attempt \(attempt): \(refused)")
        }
        let tooLate = try await holder.token(endpoints.token, code: deadOffer.preAuthorizedCode, txCode: deadTx)
        #expect(tooLate.status == 400, "\(tooLate)")
        #expect(tooLate.error == "invalid_grant", "\(tooLate)")

        // A revoked offer: its page and offer answer 410, a code fetched before fails.
        let revokedRecord = try #require(records[ids[4]])
        let revokedID = try #require(revokedRecord["offer_id"]?.stringValue)
        let revokedPage = try #require(revokedRecord["offer_url"]?.stringValue)
        let pending = try await run.code(try offerURI(ids[4]))
        let revoke = try await run.certbridge(["offers", "revoke", "--config", run.config, "--", revokedID])
        #expect(revoke.status == 0, "\(revoke.output)")
        let page = try await holder.send(.GET, revokedPage)
        #expect(page.status == 410, "\(page)")
        let revokedOffer = try await holder.fetchOffer(try offerURI(ids[4]))
        #expect(revokedOffer.status == 410, "\(revokedOffer)")
        #expect(revokedOffer.error?.isEmpty == false, "\(revokedOffer)")
        let revokedToken = try await holder.token(endpoints.token, code: pending.preAuthorizedCode)
        #expect(revokedToken.status == 400, "\(revokedToken)")
        #expect(revokedToken.error == "invalid_grant", "\(revokedToken)")
    }

    @Test("lifetimes: a code older than code_lifetime and a nonce older than nonce_lifetime are refused; fresh ones work")
    func lifetimes() async throws {
        let run = try await Self.start(codeLifetime: "2s", nonceLifetime: "2s")
        defer { Task { await run.stop() } }
        try await run.issue("01oidexp1", group: Self.plainGroup, email: "gus.expiry@example.org")
        let record = try await run.offer(for: "01oidexp1")
        let offerURI = try #require(record["credential_offer_uri"]?.stringValue)
        let endpoints = try await run.endpoints()
        let holder = run.holder()

        // An expired code.
        let stale = try await run.code(offerURI)
        try await Task.sleep(for: .seconds(3))
        let expired = try await holder.token(endpoints.token, code: stale.preAuthorizedCode)
        #expect(expired.status == 400, "\(expired)")
        #expect(expired.error == "invalid_grant", "\(expired)")

        // A fresh code works (retried: on a loaded machine two seconds can pass between offer and token).
        var token: OID4VCIHolder.Reply?
        for _ in 0..<5 {
            let fresh = try await run.code(offerURI)
            let reply = try await holder.token(endpoints.token, code: fresh.preAuthorizedCode)
            token = reply
            if reply.status == 200 { break }
        }
        let tokenReply = try #require(token)
        #expect(tokenReply.status == 200, "\(tokenReply)")
        let accessToken = try #require(tokenReply.json?["access_token"]?.stringValue)
        let identifier = try #require(tokenReply.json?["authorization_details"]?[0]?["credential_identifiers"]?[0]?.stringValue)

        // A stale nonce.
        let oldNonce = try #require(try await holder.nonce(endpoints.nonce).json?["c_nonce"]?.stringValue)
        try await Task.sleep(for: .seconds(3))
        let staleReply = try await holder.credential(
            endpoints.credential, accessToken: accessToken,
            body: OID4VCIHolder.specRequest(credentialIdentifier: identifier, proofs: [try await holder.proof(nonce: oldNonce, audience: run.base)]))
        #expect(staleReply.status == 400, "\(staleReply)")
        #expect(staleReply.error == "invalid_nonce", "\(staleReply)")

        // A fresh nonce redeems (retried for the same reason).
        var issued: OID4VCIHolder.Reply?
        for _ in 0..<5 {
            let nonce = try #require(try await holder.nonce(endpoints.nonce).json?["c_nonce"]?.stringValue)
            let reply = try await holder.credential(
                endpoints.credential, accessToken: accessToken,
                body: OID4VCIHolder.specRequest(credentialIdentifier: identifier, proofs: [try await holder.proof(nonce: nonce, audience: run.base)]))
            issued = reply
            if reply.status == 200 || reply.error != "invalid_nonce" { break }
        }
        let issuedReply = try #require(issued)
        #expect(issuedReply.status == 200, "\(issuedReply)")
        Self.expectBound(OID4VCIHolder.firstCredential(in: issuedReply.json), to: holder, "after a stale nonce")
    }
}
