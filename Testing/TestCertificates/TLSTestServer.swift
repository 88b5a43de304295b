import Hummingbird
import HummingbirdTLS
import NIOSSL
import ServeStandIns

/// An HTTPS server on 127.0.0.1 on an ephemeral port: a ``RunningServer`` whose certificate comes
/// from a ``TestCertificateAuthority``.
public typealias TLSTestServer = RunningServer

extension RunningServer {
    /// Starts `router` over TLS with `authority`'s server certificate; returns once it accepts connections.
    public static func start<Context: RequestContext>(
        router: Router<Context>, authority: TestCertificateAuthority, name: String = "tls-test-server"
    ) async throws -> RunningServer where Context.Source == ApplicationRequestContextSource {
        let certificate = try NIOSSLCertificate(bytes: Array(authority.certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(authority.keyPEM.utf8), format: .pem)
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        return try await start(router: router, name: name, server: try .tls(.http1(), tlsConfiguration: tls))
    }
}
