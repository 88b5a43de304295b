import Destination
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension GatewayRouter {
    /// Mounts each destination's holder-facing door (DCP's issuer service) at its path: every
    /// method and subpath goes to the door, which answers with a status and a reason.
    func mount(_ services: [any HolderService], on router: Router<BasicRequestContext>) {
        for service in services {
            let path = RouterPath(service.mountPath + "/**")
            for method in [HTTPRequest.Method.get, .post, .put, .delete] {
                router.on(path, method: method) { request, _ in
                    try await self.forward(request, to: service)
                }
            }
        }
    }

    private func forward(_ request: Request, to service: any HolderService) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodyBytes)
        } catch {
            return Response.json(.contentTooLarge, ["error": .string("body exceeds \(maximumBodyBytes) bytes")])
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let subpath = String(request.uri.path.dropFirst(service.mountPath.count))
        let answer = await service.handle(
            HolderRequest(
                method: request.method.rawValue, path: subpath.isEmpty ? "/" : subpath, headers: headers,
                body: Array(body.readableBytesView)))
        var fields = HTTPFields()
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
