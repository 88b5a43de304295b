/// Issues blank node identifiers `prefix0`, `prefix1`, … and remembers the order it issued them.
struct IdentifierIssuer: Sendable {
    let prefix: String
    private var counter = 0
    private(set) var issued: [String: String] = [:]
    /// Existing identifiers in the order they were issued, as the algorithm must replay them.
    private(set) var order: [String] = []

    init(prefix: String) { self.prefix = prefix }

    /// The identifier for `existing`, issuing a new one if needed.
    @discardableResult
    mutating func issue(_ existing: String) -> String {
        if let known = issued[existing] { return known }
        let identifier = prefix + String(counter)
        counter += 1
        issued[existing] = identifier
        order.append(existing)
        return identifier
    }

    func identifier(for existing: String) -> String? { issued[existing] }
}
