#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOPosix

/// Resolves a host name to addresses, once per request, so the guarded client can check every
/// address and then connect to one it checked (no second lookup an attacker's DNS could answer
/// differently). Tests inject a fake.
public protocol HostLookup: Sendable {
    /// Every address `host` resolves to; an error when it resolves to none.
    func addresses(of host: String) async throws -> [IPAddress]
}

/// The system resolver (`getaddrinfo`), run on NIO's blocking-I/O thread pool: it blocks, and must
/// not hold an event loop or a thread of the concurrency pool while it waits on DNS.
public struct SystemHostLookup: HostLookup {
    /// The lookup failed; `message` is the resolver's text (`gai_strerror`).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The name looked up.
        public var host: String
        /// The resolver's reason.
        public var message: String
        /// A sentence naming the host.
        public var description: String { "\(host) does not resolve: \(message)" }
    }

    /// A lookup through `getaddrinfo`.
    public init() {}

    /// Every TCP address of `host`, IPv4 and IPv6, deduplicated in the resolver's order.
    public func addresses(of host: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive { try Self.lookUp(host) }
    }

    static func lookUp(_ host: String) throws(Failure) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            throw Failure(host: host, message: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var found: [IPAddress] = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr, let parsed = Self.address(of: address) , !found.contains(parsed) {
                found.append(parsed)
            }
            entry = current.pointee.ai_next
        }
        guard !found.isEmpty else { throw Failure(host: host, message: "no IPv4 or IPv6 address") }
        return found
    }

    /// The address in a `sockaddr_in` or `sockaddr_in6`.
    static func address(of socketAddress: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin_addr
                return IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) })
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin6_addr
                return IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) })
            }
        default:
            return nil
        }
    }
}
