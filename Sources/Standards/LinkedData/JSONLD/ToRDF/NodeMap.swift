import JSONCanonical

/// Node Map Generation (JSON-LD 1.1 API, 7.2): flattens expanded JSON-LD into graphs of nodes.
struct NodeMap {
    /// One entry of a node's property: a value object, a node reference or a list.
    indirect enum Item: Hashable {
        case value(JSONObject)
        case reference(String)
        case list([Item])
    }

    struct Node {
        var types: [String] = []
        /// Property IRIs in first-seen order; `values[i]` holds the items of `propertyOrder[i]`.
        var propertyOrder: [String] = []
        var values: [[Item]] = []
        /// Property IRI → its position in `propertyOrder`.
        private var slots: [String: Int] = [:]
        /// Items already present, kept only for properties with many values, so that adding
        /// stays linear for long value lists without hashing every value of a credential.
        private var present: [Int: Set<Item>] = [:]

        /// Up to this many items a duplicate is found by comparison, without hashing.
        private static let scanLimit = 16

        mutating func add(_ item: Item, to property: String, unique: Bool) {
            add(item, slot: touch(property), unique: unique)
        }

        /// Adds to the property at `slot` (from ``touch(_:)``), skipping a duplicate if `unique`.
        mutating func add(_ item: Item, slot: Int, unique: Bool) {
            if values[slot].count < Self.scanLimit, present[slot] == nil {
                if unique, values[slot].contains(item) { return }
            } else {
                if present[slot] == nil { present[slot] = Set(values[slot]) }
                guard present[slot, default: []].insert(item).inserted || !unique else { return }
            }
            values[slot].append(item)
        }

        @discardableResult
        mutating func touch(_ property: String) -> Int {
            if let slot = slots[property] { return slot }
            let slot = propertyOrder.count
            slots[property] = slot
            propertyOrder.append(property)
            values.append([])
            return slot
        }
    }

    /// One graph: its nodes, and where each id's node is.
    struct Graph {
        var nodes: [Node] = []
        var ids: [String] = []
        var positions: [String: Int] = [:]

        /// The position of the node `id`, created empty if new.
        mutating func ensure(_ id: String) -> Int {
            if let position = positions[id] { return position }
            let position = nodes.count
            positions[id] = position
            nodes.append(Node())
            ids.append(id)
            return position
        }
    }

    /// The graphs, the default graph first; `graphNames[i]` names `graphs[i]` (`@default` for
    /// the default graph). Graphs are addressed by position while the map is built, so adding a
    /// value does not hash the graph's name.
    private(set) var graphs: [Graph] = [Graph()]
    private(set) var graphNames: [String] = ["@default"]
    private var graphPositions: [String: Int] = ["@default": 0]
    /// The position of the default graph.
    static let defaultGraph = 0
    private var blankNodeLabels: [String: String] = [:]
    private var blankCounter = 0

    /// Relabels input blank nodes and names anonymous nodes, so labels never collide.
    mutating func blankNodeID(_ existing: String?) -> String {
        if let existing, let known = blankNodeLabels[existing] { return known }
        let label = "_:b\(blankCounter)"
        blankCounter += 1
        if let existing { blankNodeLabels[existing] = label }
        return label
    }

    /// The position of node `id` in `graph`, created if new.
    private mutating func ensureNode(_ id: String, in graph: Int) -> Int {
        graphs[graph].ensure(id)
    }

    /// Where an element's items go: a node's property, or a list being built.
    enum Target {
        case none
        /// `subject` is the node's position in its graph, `slot` the property's position in the node.
        case property(subject: Int, slot: Int)
        case reverse(referencing: String, property: String)
    }

    mutating func add(_ element: JSONValue, graph: Int, target: Target, list: inout [Item]?) {
        switch element {
        case .array(let items):
            for item in items { add(item, graph: graph, target: target, list: &list) }
        case .object(let object):
            addObject(object, graph: graph, target: target, list: &list)
        default:
            return
        }
    }

    private mutating func addObject(_ objectIn: JSONObject, graph: Int, target: Target, list: inout [Item]?) {
        var object = objectIn
        // Blank node types are relabelled; other objects are left as they are (no copy).
        if let types = object["@type"], object["@value"] == nil,
           types.asArray.contains(where: { $0.stringValue?.hasPrefix("_:") == true }) {
            object["@type"] = .array(types.asArray.map { type in
                if case .string(let iri) = type, iri.hasPrefix("_:") { return .string(blankNodeID(iri)) }
                return type
            })
        }
        if object["@value"] != nil {
            if list != nil {
                list?.append(.value(object))
            } else if case .property(let subject, let slot) = target {
                graphs[graph].nodes[subject].add(.value(object), slot: slot, unique: true)
            }
            return
        }
        if let listValue = object["@list"] {
            var inner: [Item]? = []
            add(listValue, graph: graph, target: target, list: &inner)
            let item = Item.list(inner ?? [])
            if list != nil {
                list?.append(item)
            } else if case .property(let subject, let slot) = target {
                graphs[graph].nodes[subject].add(item, slot: slot, unique: false)
            }
            return
        }

        if object["@id"] == .null { return }
        let id: String
        if case .string(let given) = object["@id"] {
            id = given.hasPrefix("_:") ? blankNodeID(given) : given
        } else {
            id = blankNodeID(nil)
        }
        let position = ensureNode(id, in: graph)
        switch target {
        case .reverse(let referencing, let property):
            graphs[graph].nodes[position].add(.reference(referencing), to: property, unique: true)
        case .property(let subject, let slot):
            if list != nil {
                list?.append(.reference(id))
            } else {
                graphs[graph].nodes[subject].add(.reference(id), slot: slot, unique: true)
            }
        case .none:
            if list != nil { list?.append(.reference(id)) }
        }
        for type in object["@type"]?.asArray ?? [] {
            guard case .string(let iri) = type else { continue }
            if !graphs[graph].nodes[position].types.contains(iri) { graphs[graph].nodes[position].types.append(iri) }
        }
        var noList: [Item]?
        if let reverse = object["@reverse"]?.objectValue {
            for member in reverse {
                add(member.value, graph: graph, target: .reverse(referencing: id, property: member.key), list: &noList)
            }
        }
        if let named = object["@graph"] {
            add(named, graph: ensureGraph(id), target: .none, list: &noList)
        }
        if let included = object["@included"] {
            add(included, graph: graph, target: .none, list: &noList)
        }
        for member in object {
            switch member.key {
            case "@id", "@type", "@reverse", "@graph", "@included", "@index", "@context": continue
            default: break
            }
            let property = member.key.hasPrefix("_:") ? blankNodeID(member.key) : member.key
            let slot = graphs[graph].nodes[position].touch(property)
            add(member.value, graph: graph, target: .property(subject: position, slot: slot), list: &noList)
        }
    }

    private mutating func ensureGraph(_ name: String) -> Int {
        if let position = graphPositions[name] { return position }
        graphPositions[name] = graphs.count
        graphs.append(Graph())
        graphNames.append(name)
        return graphs.count - 1
    }
}
