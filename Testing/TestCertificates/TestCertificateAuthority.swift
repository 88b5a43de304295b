import Crypto
import Foundation
import X509

/// A certificate authority made in-process for one test run, and a server certificate it issued
/// for `localhost` (and 127.0.0.1), written as PEM files into a directory of their own.
///
/// Clients that trust ``caPath`` (an extra trust root) accept the server; clients that do not,
/// refuse it: both are what the DID resolution tests need.
public struct TestCertificateAuthority: Sendable {
    /// The directory holding the PEM files.
    public let directory: URL
    /// The CA certificate (PEM), the trust root to add.
    public let caPath: String
    /// The server certificate (PEM).
    public let certificatePath: String
    /// The server's private key (PEM).
    public let keyPath: String
    /// The CA certificate as PEM text.
    public let caPEM: String
    /// The server certificate as PEM text.
    public let certificatePEM: String
    /// The server key as PEM text.
    public let keyPEM: String

    /// Makes a CA named `name` and a leaf for `hosts` (DNS names; IPv4 literals become IP entries),
    /// valid from an hour ago for a day, and writes them to a new temporary directory.
    public static func make(name: String = "certbridge test CA", hosts: [String] = ["localhost", "127.0.0.1"]) throws
        -> TestCertificateAuthority
    {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName(name) }
        let start = Date().addingTimeInterval(-3600)
        let end = Date().addingTimeInterval(86_400)
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: start, notValidAfter: end, issuer: caName, subject: caName,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))
        let leafKey = P256.Signing.PrivateKey()
        let names: [GeneralName] = hosts.map { host in
            let octets = host.split(separator: ".").compactMap { UInt8($0) }
            return octets.count == 4 ? .ipAddress(.init(contentBytes: ArraySlice(octets))) : .dnsName(host)
        }
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(leafKey.publicKey),
            notValidBefore: start, notValidAfter: end, issuer: caName,
            subject: try DistinguishedName { CommonName(hosts.first ?? "localhost") },
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: .init(caKey))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let caPEM = try ca.serializeAsPEM().pemString
        let certificatePEM = try leaf.serializeAsPEM().pemString
        let keyPEM = leafKey.pemRepresentation
        let files = [("ca.pem", caPEM), ("server.pem", certificatePEM), ("server-key.pem", keyPEM)]
        for (file, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(file))
        }
        return TestCertificateAuthority(
            directory: directory, caPath: directory.appendingPathComponent("ca.pem").path,
            certificatePath: directory.appendingPathComponent("server.pem").path,
            keyPath: directory.appendingPathComponent("server-key.pem").path, caPEM: caPEM, certificatePEM: certificatePEM,
            keyPEM: keyPEM)
    }

    /// Deletes the directory.
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
