import Destination
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Secrets

extension GatewayRouter {
    /// Mounts each destination's holder-facing door (DCP's issuer service, OpenID4VCI's issuer) at
    /// its paths: every method and subpath goes to the door, which answers with a status and a
    /// reason. Requests are rate-limited per client, and a door's admin paths need the operator's token.
    func mount(_ services: [any HolderService], on router: Router<GatewayRequestContext>) {
        for service in services {
            for mount in service.mountPaths {
                let admin = service.adminPaths.contains { mount == $0 || mount.hasPrefix($0 + "/") }
                for path in [RouterPath(mount), RouterPath(mount + "/**")] {
                    for method in [HTTPRequest.Method.get, .post, .put, .delete] {
                        router.on(path, method: method) { request, context in
                            try await self.forward(request, context: context, mount: mount, admin: admin, to: service)
                        }
                    }
                }
            }
        }
    }

    /// `X-Forwarded-For`, set by the TLS-terminating proxy.
    static let forwardedFor = HTTPField.Name("X-Forwarded-For") ?? .via

    private func forward(
        _ request: Request, context: GatewayRequestContext, mount: String, admin: Bool, to service: any HolderService
    ) async throws -> Response {
        if let limiter = rateLimiter {
            let client = limiter.client(peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[Self.forwardedFor])
            if let wait = limiter.admit(client: client) {
                return Self.answer(
                    .refusal(429, "slow_down", "too many requests from this address; try again in \(wait) s", headers: ["Retry-After": "\(wait)"]))
            }
        }
        if admin, let refusal = adminRefusal(request) { return Self.answer(refusal) }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodyBytes)
        } catch {
            return Response.json(.contentTooLarge, ["error": .string("body exceeds \(maximumBodyBytes) bytes")])
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let subpath = String(request.uri.path.dropFirst(mount.count))
        let answer = await service.handle(
            HolderRequest(
                method: request.method.rawValue, path: subpath.isEmpty ? "/" : subpath, mount: mount, query: request.uri.query,
                headers: headers, body: Array(body.readableBytesView)))
        return Self.answer(answer)
    }

    /// The admin token check: 403 when no token is configured, 401 when the request's is missing
    /// or wrong (compared as SHA-256 digests in constant time), `nil` when it may pass.
    private func adminRefusal(_ request: Request) -> HolderResponse? {
        guard let expected = adminToken else {
            return .refusal(403, "forbidden", "the admin endpoints are off: set admin.token in the configuration")
        }
        let given = HolderRequest(method: "", path: "", headers: ["authorization": request.headers[.authorization] ?? ""]).bearerToken
        guard let given, expected.matches(given) else {
            return .refusal(
                401, "invalid_token", "send the operator's token (admin.token) as Authorization: Bearer",
                headers: ["WWW-Authenticate": "Bearer realm=\"certbridge-admin\""])
        }
        return nil
    }

    static func answer(_ answer: HolderResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
