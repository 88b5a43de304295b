import Destination
import Mapping

extension ProfileTarget {
    /// Holders who fetch their credentials with OpenID4VCI from an offer (docs/OID4VCI.md).
    public static let oid4vci = ProfileTarget(rawValue: "oid4vci")
}
