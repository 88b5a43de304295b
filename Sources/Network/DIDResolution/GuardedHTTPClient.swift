import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An HTTPS client for URLs that come from untrusted input (DID documents, holder services).
///
/// Each hop is checked before any connection: https only, the host looked up once through
/// ``HostLookup``, every address it resolves to checked against the ``AddressPolicy`` (one bad
/// address refuses the name, so DNS cannot pick the target between check and connect), and the
/// connection made to the checked address while TLS still verifies the certificate for the name.
/// Redirects are followed by hand, each hop checked the same way; a deadline covers the whole
/// request; the body is read up to a byte cap.
public struct GuardedHTTPClient: Sendable {
    /// A request: any method, headers and body (the DCP destination POSTs with it).
    public struct Request: Sendable {
        /// The method.
        public var method: HTTPMethod
        /// An absolute `https://` URL.
        public var url: String
        /// Request headers.
        public var headers: HTTPHeaders
        /// The body, if any.
        public var body: [UInt8]?
        /// The body cap for this request; nil means the client's ``DIDResolutionSettings/maxBytes``.
        public var maxBytes: Int?

        /// A request from its parts.
        public init(method: HTTPMethod = .GET, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil, maxBytes: Int? = nil) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
            self.maxBytes = maxBytes
        }
    }

    /// A response read in full (up to the cap).
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Response headers.
        public var headers: HTTPHeaders
        /// The body.
        public var body: [UInt8]
        /// The URL that answered (after redirects).
        public var url: String
    }

    /// The settings in force.
    public let settings: DIDResolutionSettings
    /// The address policy built from ``DIDResolutionSettings/allowNetworks``.
    public let policy: AddressPolicy
    private let lookup: any HostLookup
    private let tlsConfiguration: TLSConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    /// A client with `settings`; the trust roots are read now, so a bad path fails at start-up.
    ///
    /// - Throws: ``GuardedHTTPError`` (rule ``GuardRule/untrustedCertificate``) naming a trust root
    ///   file that cannot be read as PEM certificates.
    public init(
        settings: DIDResolutionSettings = DIDResolutionSettings(), lookup: any HostLookup = SystemHostLookup(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "certbridge.did-resolution")
    ) throws(GuardedHTTPError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        var roots: [NIOSSLCertificate] = []
        for path in settings.trustRoots {
            do {
                roots += try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw GuardedHTTPError(
                    subject: path, url: path, rule: .untrustedCertificate,
                    detail: "the trust root file \(path) cannot be read as PEM certificates: \(error)")
            }
        }
        if !roots.isEmpty { tls.additionalTrustRoots = [.certificates(roots)] }
        self.settings = settings
        self.policy = AddressPolicy(allowedNetworks: settings.allowNetworks)
        self.lookup = lookup
        self.tlsConfiguration = tls
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Sends `request`, following redirects of GET/HEAD requests by hand; any status is returned.
    ///
    /// - Parameter subject: who the request is for (a DID), named in errors and logs; default the URL.
    /// - Throws: ``GuardedHTTPError``: a refusal names its ``GuardRule``.
    public func execute(_ request: Request, subject: String? = nil) async throws(GuardedHTTPError) -> Response {
        let subject = subject ?? request.url
        let deadline = NIODeadline.now() + TimeAmount(settings.timeout)
        let maxBytes = request.maxBytes ?? settings.maxBytes
        var url = request.url
        var hop = request
        var redirects = 0
        var origin: String?
        while true {
            let target = try check(url: url, subject: subject)
            // Credentials are for the origin they were given to: a redirect elsewhere does not carry them.
            if let origin, origin != target.origin {
                for name in ["authorization", "proxy-authorization", "cookie"] { hop.headers.remove(name: name) }
            }
            origin = target.origin
            let address = try await checkedAddress(of: target, subject: subject, deadline: deadline)
            let response = try await send(hop, to: target, at: address, subject: subject, deadline: deadline, maxBytes: maxBytes)
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers.first(name: "location") else {
                return response
            }
            guard request.method == .GET || request.method == .HEAD else {
                throw refuse(
                    subject, url, .redirectNotFollowed,
                    "it answered \(response.status) to \(request.method.rawValue) with a redirect to \(location), which is not followed")
            }
            redirects += 1
            guard redirects <= settings.maxRedirects else {
                throw refuse(subject, url, .maxRedirects, "more than \(settings.maxRedirects) redirects (the last to \(location))")
            }
            guard let next = URL(string: location, relativeTo: URL(string: url))?.absoluteURL.absoluteString else {
                throw refuse(subject, url, .invalidURL, "it redirects to '\(location)', which is not a URL")
            }
            logger.debug("following a redirect", metadata: ["subject": "\(subject)", "from": "\(url)", "to": "\(next)"])
            url = next
        }
    }

    /// A parsed hop target.
    struct Target {
        var url: String
        var host: String
        var port: Int
        var literal: IPAddress?

        /// `host:port`: the scheme is always https.
        var origin: String { "\(host):\(port)" }
    }

    /// The scheme and host of one hop.
    func check(url: String, subject: String) throws(GuardedHTTPError) -> Target {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw refuse(subject, url, .invalidURL, "'\(url)' is not an absolute URL")
        }
        guard scheme == "https" else {
            throw refuse(subject, url, .httpsOnly, "its URL \(url) is \(scheme), not https")
        }
        guard var host = components.host?.lowercased(), !host.isEmpty else {
            throw refuse(subject, url, .invalidURL, "its URL \(url) has no host")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        guard components.user == nil, components.password == nil else {
            throw refuse(subject, url, .invalidURL, "its URL \(url) carries credentials")
        }
        return Target(url: url, host: host, port: components.port ?? 443, literal: IPAddress(host))
    }

    /// Looks the host up once, checks every address, and returns the one to connect to.
    func checkedAddress(of target: Target, subject: String, deadline: NIODeadline) async throws(GuardedHTTPError) -> IPAddress {
        if let literal = target.literal {
            if let rule = policy.refusal(for: literal) {
                throw refuse(subject, target.url, rule, "its host \(literal) is \(rule.addressPhrase)")
            }
            return literal
        }
        let addresses: [IPAddress]
        switch await Self.race(deadline: deadline, { [lookup] in try await lookup.addresses(of: target.host) }) {
        case .success(let found?) where !found.isEmpty: addresses = found
        case .success(.some): throw refuse(subject, target.url, .hostLookup, "its host \(target.host) resolves to no address")
        case .success(nil): throw refuse(subject, target.url, .timeout, "looking up \(target.host) took longer than \(settings.timeout)")
        case .failure(let error): throw refuse(subject, target.url, .hostLookup, "its host \(target.host) cannot be looked up: \(error)")
        }
        for address in addresses {
            if let rule = policy.refusal(for: address) {
                let others = addresses.count > 1 ? " (of \(addresses.map(\.description).joined(separator: ", ")))" : ""
                throw refuse(subject, target.url, rule, "its host \(target.host) resolves to \(address)\(others), \(rule.addressPhrase)")
            }
        }
        // Every address passed; IPv4 first, since containers often resolve names to IPv6 they cannot reach.
        return addresses.first { if case .v4 = $0 { true } else { false } } ?? addresses[0]
    }

    /// One hop on a client of its own.
    ///
    /// A client per hop rather than one shared: the connection must go to the address just checked,
    /// and AHC pins that per client (`dnsOverride`), while a shared pool could reuse a connection
    /// made to an address checked earlier for the same name. The event loops are shared; the cost is
    /// a TLS handshake per fetch, which the document cache keeps rare.
    func send(
        _ request: Request, to target: Target, at address: IPAddress, subject: String, deadline: NIODeadline, maxBytes: Int
    ) async throws(GuardedHTTPError) -> Response {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tlsConfiguration, redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(settings.connectTimeout), read: TimeAmount(settings.timeout)),
            proxy: nil, decompression: .disabled)
        // Connect to the checked address; TLS SNI and the certificate check stay on the name.
        if target.literal == nil { configuration.dnsOverride = [target.host: address.description] }
        let client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration, backgroundActivityLogger: logger)
        let result: Result<Response, GuardedHTTPError>
        do {
            result = .success(try await exchange(client, request, target: target, subject: subject, deadline: deadline, maxBytes: maxBytes))
        } catch let error as GuardedHTTPError {
            result = .failure(error)
        } catch {
            result = .failure(classify(error, subject: subject, url: target.url))
        }
        switch result {
        case .success(let response):
            try? await client.shutdown()
            return response
        case .failure(let error):
            // Not awaited: after a deadline the shutdown waits for the abandoned connection, and the
            // caller was promised an answer by the deadline. The shutdown still runs to the end.
            Task { try? await client.shutdown() }
            throw error
        }
    }

    private func exchange(
        _ client: HTTPClient, _ request: Request, target: Target, subject: String, deadline: NIODeadline, maxBytes: Int
    ) async throws -> Response {
        var outgoing = HTTPClientRequest(url: target.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(outgoing, deadline: deadline, logger: logger)
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maxBytes {
            throw refuse(subject, target.url, .maxBytes, "its response is \(length) bytes, more than the \(maxBytes) allowed")
        }
        var body: [UInt8] = []
        for try await chunk in response.body {
            guard body.count + chunk.readableBytes <= maxBytes else {
                throw refuse(subject, target.url, .maxBytes, "its response is longer than the \(maxBytes) bytes allowed")
            }
            body += chunk.readableBytesView
        }
        return Response(status: Int(response.status.code), headers: response.headers, body: body, url: target.url)
    }

    /// An AHC/NIO error as a guarded error: deadlines and certificate failures are named.
    private func classify(_ error: any Error, subject: String, url: String) -> GuardedHTTPError {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .connectTimeout || error == .readTimeout {
            return refuse(subject, url, .timeout, "no complete answer within \(settings.timeout) (\(error))")
        }
        if error is NIOSSLError || error is BoringSSLError || String(describing: error).contains("certificate") {
            return refuse(
                subject, url, .untrustedCertificate, "the TLS handshake failed, its certificate is not trusted for the name: \(error)")
        }
        return GuardedHTTPError(subject: subject, url: url, rule: nil, detail: "\(error)")
    }

    /// A refusal, logged at notice with the subject and rule (never headers or bodies: they may carry tokens).
    private func refuse(_ subject: String, _ url: String, _ rule: GuardRule, _ detail: String) -> GuardedHTTPError {
        let error = GuardedHTTPError(subject: subject, url: url, rule: rule, detail: detail)
        logger.notice(
            "refused an outgoing request", metadata: ["subject": "\(subject)", "url": "\(url)", "rule": "\(rule.rawValue)", "reason": "\(detail)"])
        return error
    }

    /// Runs `work` until `deadline`: nil when the deadline came first. The work is left to finish on
    /// its own (a blocking `getaddrinfo` cannot be interrupted), but the caller is not kept waiting.
    static func race<Value: Sendable>(
        deadline: NIODeadline, _ work: @escaping @Sendable () async throws -> Value
    ) async -> Result<Value?, any Error> {
        let remaining = deadline - NIODeadline.now()
        guard remaining.nanoseconds > 0 else { return .success(nil) }
        let done = NIOLockedValueBox(false)
        return await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value?, any Error>, Never>) in
            @Sendable func finish(_ result: Result<Value?, any Error>) {
                let first = done.withLockedValue { finished in
                    defer { finished = true }
                    return !finished
                }
                if first { continuation.resume(returning: result) }
            }
            let timer = Task {
                // Cancelled when the work finished first: then it must not answer.
                do { try await Task.sleep(nanoseconds: UInt64(remaining.nanoseconds)) } catch { return }
                finish(.success(nil))
            }
            Task {
                let outcome: Result<Value?, any Error>
                do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
                finish(outcome)
                timer.cancel()
            }
        }
    }
}

extension TimeAmount {
    /// A Swift `Duration` as NIO's time amount.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
