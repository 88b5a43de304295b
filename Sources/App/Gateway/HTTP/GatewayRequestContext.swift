import Hummingbird
import NIOCore

/// The gateway's request context: Hummingbird's basics plus the peer's address, which the rate
/// limit of the holder-facing endpoints keys on.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's storage.
    public var coreContext: CoreRequestContextStorage
    /// The connected peer (the proxy, behind one).
    public let remoteAddress: SocketAddress?

    /// A context for one request on `source`'s channel.
    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
