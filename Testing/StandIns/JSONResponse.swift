import Foundation
import Hummingbird
import JSONCanonical
import NIOCore

extension Response {
    /// A JSON response with optional extra headers.
    static func json(_ status: HTTPResponse.Status, _ body: JSONValue, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(
            status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body.compactString)))
    }
}

/// Parses `application/x-www-form-urlencoded`.
func parseForm(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    for pair in text.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1).map {
            String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
        }
        if parts.count == 2 { result[parts[0]] = parts[1] }
    }
    return result
}

/// A scripted failure the next matching requests get before normal behaviour resumes.
public enum ScriptedFailure: Sendable, Equatable {
    /// Answer with this status and `Retry-After` (seconds), if given.
    case status(Int, retryAfter: Int?)
}
