extension ProfileCompiler {
    static let statusKeys: Set<String> = ["purposes", "list"]

    /// `status: { purposes: [revocation, suspension], list: NAME }`. The list name becomes part of
    /// a URL path, so it is restricted to lower-case letters, digits and dashes.
    func compileStatus(_ scope: inout CompileScope) -> StatusPlan? {
        guard let node = root["status"] else { return nil }
        guard let pairs = node.pairs else {
            scope.error(.typeError, node.location, "status is a mapping such as { purposes: [revocation], list: courses }, not \(node.kindName)")
            return nil
        }
        for pair in pairs where !Self.statusKeys.contains(pair.key.scalarText ?? "") {
            scope.error(.unknownKey, pair.key.location, "unknown key '\(pair.key.scalarText ?? "?")' in status; allowed: \(Self.statusKeys.sorted().joined(separator: ", "))")
        }
        var purposes: [String] = []
        if let purposesNode = node["purposes"] {
            let items = purposesNode.elements ?? [purposesNode]
            for item in items {
                guard let text = item.scalarText, StatusPlan.knownPurposes.contains(text) else {
                    scope.error(.badValue, item.location, "status purpose must be \(StatusPlan.knownPurposes.joined(separator: " or ")), not '\(item.scalarText ?? item.kindName)'")
                    continue
                }
                if !purposes.contains(text) { purposes.append(text) }
            }
        } else {
            scope.error(.missingKey, node.location, "status needs purposes: revocation and/or suspension")
        }
        guard let listNode = node["list"] else {
            scope.error(.missingKey, node.location, "status needs list: a name for the status list family, e.g. courses")
            return nil
        }
        guard let list = listNode.scalarText, Self.isListName(list) else {
            scope.error(.badValue, listNode.location, "status list name must be 1 to 40 lower-case letters, digits and dashes, starting with a letter, not '\(listNode.scalarText ?? listNode.kindName)'")
            return nil
        }
        guard !purposes.isEmpty else { return nil }
        return StatusPlan(purposes: purposes, list: list, location: node.location)
    }

    static func isListName(_ text: String) -> Bool {
        guard let first = text.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"), text.utf8.count <= 40 else { return false }
        return text.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }
    }
}
