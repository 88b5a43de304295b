/// Why a rig cannot be set up.
public enum RigError: Error, Sendable, CustomStringConvertible {
    /// A file in the rig's directory cannot be written.
    case cannotWrite(String)
    /// The gateway ended before it listened.
    case gatewayDidNotStart

    /// Names the file or the component.
    public var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write \(path)"
        case .gatewayDidNotStart: "the gateway did not start listening on 127.0.0.1"
        }
    }
}
