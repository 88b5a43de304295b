/// Why a status list or a status entry cannot be used; the names of the spec's errors where it has one.
public enum StatusListError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `encodedList` is not multibase base64url (`u` prefix, no padding) of a GZIP stream.
    case malformedEncodedList(String)
    /// The list holds fewer than 131,072 entries (STATUS_LIST_LENGTH_ERROR), or more than this gateway reads.
    case length(entries: Int, reason: String)
    /// An index outside the list (RANGE_ERROR).
    case range(index: Int, entries: Int)
    /// A `credentialStatus` entry or a list credential breaks the data model; names the field.
    case invalid(field: String, reason: String)

    /// Text that names the field or the spec's error.
    public var description: String {
        switch self {
        case .malformedEncodedList(let reason): "encodedList: \(reason)"
        case .length(let entries, let reason): "STATUS_LIST_LENGTH_ERROR: the list has \(entries) entries; \(reason)"
        case .range(let index, let entries): "RANGE_ERROR: index \(index) is outside the list's \(entries) entries"
        case .invalid(let field, let reason): "\(field): \(reason)"
        }
    }
}
