import Composition
import DIDResolution
import Foundation
import Mail
import TestSupport
import Testing

/// `smtp:`, `admin:` and `rate_limit:`: defaults, every value read, mistakes at their place, and
/// secrets only as references.
@Suite("smtp, admin and rate_limit configuration")
struct HolderDoorConfigurationTests {
    func example() throws -> String {
        try String(contentsOf: SharedVectors.repositoryFile("certbridge.example.yaml"), encoding: .utf8)
    }

    func problems(_ text: String, environment: [String: String] = exampleEnvironment) throws -> String {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        do {
            _ = try fixture.parse(text, environment: environment)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func absentMeansNoMailNoAdminAndTheDefaultRate() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let config = try fixture.parse(try example(), environment: exampleEnvironment)
        #expect(config.smtp == nil && config.admin == nil)
        #expect(config.rateLimit.requestsPerMinute == 120 && config.rateLimit.burst == 60 && config.rateLimit.trustedProxies.isEmpty)
    }

    @Test func everyValueIsRead() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let text = try example() + """

            smtp:
              host: smtp.example.org
              port: 465
              security: tls
              username: certbridge
              password: ${SMTP_PASSWORD}
              from: "ACME Academy <certificates@example.org>"
              helo_name: gateway.example.org
            admin:
              token: ${ADMIN_TOKEN}
            rate_limit:
              requests_per_minute: 30
              burst: 5
              trusted_proxies: [10.0.0.0/8]
            """
        var environment = exampleEnvironment
        environment["SMTP_PASSWORD"] = "smtp-s3cr3t"
        environment["ADMIN_TOKEN"] = "admin-token-0123456789"
        let config = try fixture.parse(text, environment: environment)
        let smtp = try #require(config.smtp)
        #expect(smtp.host == "smtp.example.org" && smtp.port == 465 && smtp.security == .implicitTLS)
        #expect(smtp.credentials?.username == "certbridge" && smtp.credentials?.password.value == "smtp-s3cr3t")
        #expect(smtp.from.address == "certificates@example.org" && smtp.from.displayName == "ACME Academy")
        #expect(smtp.heloName == "gateway.example.org")
        #expect(config.admin?.token.value == "admin-token-0123456789")
        #expect(config.rateLimit.requestsPerMinute == 30 && config.rateLimit.burst == 5)
        #expect(config.rateLimit.trustedProxies == [try CIDR(parsing: "10.0.0.0/8")])
    }

    @Test func mistakesAreReportedAtTheirPlace() throws {
        let base = try example()
        let written = try problems(base + "\nsmtp:\n  host: smtp.example.org\n  from: a@example.org\n  username: u\n  password: hunter2\n")
        #expect(written.contains("smtp.password") && written.contains("${ENV_NAME} or file:"), "\(written)")
        let security = try problems(base + "\nsmtp:\n  host: smtp.example.org\n  from: a@example.org\n  security: ssl\n")
        #expect(security.contains("smtp.security") && security.contains("starttls, tls"), "\(security)")
        let plain = try problems(base + "\nsmtp:\n  host: smtp.example.org\n  from: a@example.org\n  security: none\n")
        #expect(plain.contains("loopback"), "\(plain)")
        let from = try problems(base + "\nsmtp:\n  host: smtp.example.org\n  from: not-an-address\n")
        #expect(from.contains("smtp"), "\(from)")
        var environment = exampleEnvironment
        environment["ADMIN_TOKEN"] = "short"
        let token = try problems(base + "\nadmin:\n  token: ${ADMIN_TOKEN}\n", environment: environment)
        #expect(token.contains("admin.token") && token.contains("at least 16"), "\(token)")
        let proxies = try problems(base + "\nrate_limit:\n  trusted_proxies: [10.0.0.0/33]\n")
        #expect(proxies.contains("rate_limit.trusted_proxies"), "\(proxies)")
        let burst = try problems(base + "\nrate_limit:\n  burst: 0\n")
        #expect(burst.contains("rate_limit.burst"), "\(burst)")
    }
}
