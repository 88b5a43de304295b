import DIDResolution
import Foundation
import Mail
import Secrets
import Yams

extension GatewayConfiguration {
    /// `admin:`: the operators' bearer token for the admin endpoints (`/v1/…`).
    public struct AdminSettings: Sendable {
        /// The token (a secret reference in the file).
        public var token: Secret
    }

    /// `rate_limit:`: requests per client address to the holder-facing endpoints (offers, token,
    /// nonce, credential, DCP), as a token bucket; behind a proxy, the client is the address the
    /// trusted proxies name in `X-Forwarded-For`.
    public struct RateLimitSettings: Sendable {
        /// Sustained requests per minute per client.
        public var requestsPerMinute = 120
        /// Requests a client may send at once before the rate applies.
        public var burst = 60
        /// Proxies whose `X-Forwarded-For` is believed (the TLS-terminating proxy in front).
        public var trustedProxies: [CIDR] = []
    }

    /// `admin:`, `smtp:` and `rate_limit:`, all optional.
    static func readHolderDoors(
        _ top: Node.Mapping?, _ reader: inout ConfigurationReader, environment: [String: String], directory: String
    ) -> (admin: AdminSettings?, smtp: SMTPSettings?, rateLimit: RateLimitSettings) {
        var admin: AdminSettings?
        if let section = reader.mapping(top?["admin"], "admin", known: ConfigurationSchema.keys(of: "admin"), required: false),
            let token = reader.secret(section, "token", "admin.token", environment: environment, directory: directory)
        {
            if token.value.utf8.count < 16 {
                reader.problem(section["token"], "admin.token", "must be at least 16 characters (it guards offers and their codes)")
            } else {
                admin = AdminSettings(token: token)
            }
        }
        let smtp = readSMTP(top, &reader, environment: environment, directory: directory)
        var rateLimit = RateLimitSettings()
        let limits = reader.mapping(top?["rate_limit"], "rate_limit", known: ConfigurationSchema.keys(of: "rate_limit"), required: false)
        rateLimit.requestsPerMinute = reader.integer(
            limits, "requests_per_minute", "rate_limit.requests_per_minute", default: rateLimit.requestsPerMinute, range: 1...1_000_000)
        rateLimit.burst = reader.integer(limits, "burst", "rate_limit.burst", default: rateLimit.burst, range: 1...1_000_000)
        rateLimit.trustedProxies = readList(limits, "trusted_proxies", &reader, in: "rate_limit").compactMap { item in
            do {
                return try CIDR(parsing: item.text)
            } catch {
                reader.problem(item.node, "rate_limit.trusted_proxies", "\(error)")
                return nil
            }
        }
        return (admin, smtp, rateLimit)
    }

    /// `smtp:` host, port, security (starttls | tls | none, none on loopback only), username and
    /// password (a secret reference), from, helo_name, trust_roots.
    private static func readSMTP(
        _ top: Node.Mapping?, _ reader: inout ConfigurationReader, environment: [String: String], directory: String
    ) -> SMTPSettings? {
        guard
            let section = reader.mapping(
                top?["smtp"], "smtp", known: ConfigurationSchema.keys(of: "smtp"),
                required: false)
        else { return nil }
        let host = reader.string(section, "host", "smtp.host")
        let securityText = reader.string(section, "security", "smtp.security", default: "starttls") ?? "starttls"
        let security: SMTPSettings.Security?
        switch securityText {
        case "starttls": security = .startTLS
        case "tls": security = .implicitTLS
        case "none": security = SMTPSettings.Security.none
        default:
            reader.problem(section["security"], "smtp.security", "must be starttls, tls (implicit TLS, port 465) or none (loopback only)")
            security = nil
        }
        let port: Int? = section["port"] == nil ? nil : reader.integer(section, "port", "smtp.port", default: 587, range: 1...65535)
        let username = reader.optionalString(section, "username", "smtp.username")
        let password = reader.secret(section, "password", "smtp.password", environment: environment, directory: directory, required: username != nil)
        let fromText = reader.string(section, "from", "smtp.from")
        let helo = reader.string(section, "helo_name", "smtp.helo_name", default: "localhost") ?? "localhost"
        let roots = readList(section, "trust_roots", &reader, in: "smtp").compactMap { item -> String? in
            let path = ConfigurationReader.absolute(item.text, in: directory)
            guard FileManager.default.isReadableFile(atPath: path) else {
                reader.problem(item.node, "smtp.trust_roots", "PEM file \(path) cannot be read")
                return nil
            }
            return path
        }
        guard let host, let security, let fromText else { return nil }
        do {
            let from = try Self.mailAddress(fromText)
            let credentials = try username.map { name throws(SMTPError) -> SMTPSettings.Credentials in
                guard let password else { throw .invalidSettings("smtp.password is required with smtp.username") }
                return SMTPSettings.Credentials(username: name, password: password)
            }
            return try SMTPSettings(
                host: host, port: port, security: security, credentials: credentials, from: from, heloName: helo, trustRoots: roots)
        } catch {
            reader.problem(section["host"], "smtp", error.description)
            return nil
        }
    }

    /// `Name <address>` or a bare address.
    static func mailAddress(_ text: String) throws(SMTPError) -> MailAddress {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            return try MailAddress(address, displayName: name.isEmpty ? nil : name, header: "From")
        }
        return try MailAddress(trimmed, header: "From")
    }
}
