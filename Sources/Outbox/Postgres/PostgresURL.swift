import Foundation
import PostgresNIO
import Secrets

/// A `postgres://user:password@host:port/database?sslmode=…` URL, parsed once so the password is
/// held as a ``Secret`` and every printed form of the URL leaves it out.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// How the connection is encrypted, named like libpq's `sslmode`.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// Plain TCP (loopback, or a private network you trust).
        case disable
        /// TLS when the server offers it, without verifying the certificate (libpq's default).
        case prefer
        /// TLS is required; the certificate is not verified.
        case require
        /// TLS with the certificate checked against the system's CAs, host name not checked.
        case verifyCA = "verify-ca"
        /// TLS with the certificate and the host name checked.
        case verifyFull = "verify-full"
    }

    /// Host name, address, or the directory of a Unix socket (when it starts with `/`).
    public var host: String
    /// TCP port.
    public var port: Int
    /// Role to log in as.
    public var username: String
    /// The role's password, if the server asks for one.
    public var password: Secret?
    /// Database name (the user name when the URL names none, as libpq does).
    public var database: String
    /// Encryption.
    public var tls: TLSMode

    /// Parses a URL; errors describe the problem without repeating the URL (it holds the password).
    public init(_ text: String) throws(PostgresURLError) {
        guard let components = URLComponents(string: text) else { throw .notAURL }
        guard let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw .scheme(components.scheme ?? "")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard let value = item.value else { throw .parameter(item.name, "has no value") }
            query[item.name] = value
        }
        let known: Set = ["sslmode", "host", "port", "user", "password", "dbname"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw .parameter(unknown, "is not supported (known: \(known.sorted().joined(separator: ", ")))")
        }
        host = query["host"] ?? components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        guard !host.isEmpty else { throw .missing("host") }
        if let portText = query["port"] {
            guard let parsed = Int(portText), (1...65_535).contains(parsed) else { throw .parameter("port", "must be 1…65535") }
            port = parsed
        } else {
            guard components.port.map({ (1...65_535).contains($0) }) ?? true else { throw .parameter("port", "must be 1…65535") }
            port = components.port ?? 5432
        }
        username = query["user"] ?? components.user ?? ""
        guard !username.isEmpty else { throw .missing("user name") }
        password = (query["password"] ?? components.password).map(Secret.init)
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = query["dbname"] ?? (path.isEmpty ? username : path)
        guard !database.contains("/") else { throw .parameter("database", "must be a single name after the host") }
        let mode = query["sslmode"] ?? TLSMode.prefer.rawValue
        guard let tls = TLSMode(rawValue: mode) else {
            throw .parameter("sslmode", "must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.tls = tls
    }

    /// The URL without its password, for logs and errors.
    public var description: String {
        let location = host.hasPrefix("/") ? "?host=\(host)" : "\(host):\(port)"
        return host.hasPrefix("/")
            ? "postgres://\(username)@/\(database)\(location)" : "postgres://\(username)@\(location)/\(database)"
    }

    /// Same as ``description``: the password never shows, not even in `dump` or `debugPrint`.
    public var debugDescription: String { description }

    /// The same server and role with another database (tests create one database per case).
    public func with(database name: String) -> PostgresURL {
        var copy = self
        copy.database = name
        return copy
    }

    /// The postgres-nio client (pool) configuration (the password goes only here, onto the wire).
    public var clientConfiguration: PostgresClient.Configuration {
        if host.hasPrefix("/") {
            return .init(unixSocketPath: socketPath, username: username, password: password?.value, database: database)
        }
        let tls: PostgresClient.Configuration.TLS =
            switch (tlsConfiguration, tlsRequired) {
            case (nil, _): .disable
            case (let configuration?, false): .prefer(configuration)
            case (let configuration?, true): .require(configuration)
            }
        return .init(host: host, port: port, username: username, password: password?.value, database: database, tls: tls)
    }

    /// The configuration of a single connection, used to migrate: unlike the pool, which retries a
    /// failing login quietly, one connection reports the server's own reason (wrong password, no database).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if host.hasPrefix("/") {
            return .init(unixSocketPath: socketPath, username: username, password: password?.value, database: database)
        }
        let tls: PostgresConnection.Configuration.TLS =
            switch (tlsConfiguration, tlsRequired) {
            case (nil, _): .disable
            case (let configuration?, false): .prefer(try NIOSSLContext(configuration: configuration))
            case (let configuration?, true): .require(try NIOSSLContext(configuration: configuration))
            }
        return .init(host: host, port: port, username: username, password: password?.value, database: database, tls: tls)
    }

    private var socketPath: String {
        host.hasSuffix(".s.PGSQL.\(port)") ? host : host + "/.s.PGSQL.\(port)"
    }

    private var tlsRequired: Bool { tls != .disable && tls != .prefer }

    /// TLS settings following libpq: `prefer` and `require` encrypt without checking the certificate.
    private var tlsConfiguration: TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable: return nil
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: break
        }
        return configuration
    }
}

/// Why a PostgreSQL URL was refused; never contains the URL itself.
public enum PostgresURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not parseable as a URL at all.
    case notAURL
    /// A scheme other than `postgres` / `postgresql`.
    case scheme(String)
    /// A required part is absent.
    case missing(String)
    /// A query parameter or part has a bad value.
    case parameter(String, String)

    /// Names the part at fault.
    public var description: String {
        switch self {
        case .notAURL: "not a URL; expected postgres://user:password@host:port/database"
        case .scheme(let scheme): "scheme must be postgres:// or postgresql://, got '\(scheme)'"
        case .missing(let part): "the URL names no \(part); expected postgres://user:password@host:port/database"
        case .parameter(let name, let problem): "URL parameter \(name) \(problem)"
        }
    }
}
