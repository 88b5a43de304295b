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
        /// Property IRI → items, in first-seen order of properties.
        var properties: [String: [Item]] = [:]
        var propertyOrder: [String] = []

        /// Items already present per property, so that adding stays linear for long value lists.
        private var present: [String: Set<Item>] = [:]

        mutating func add(_ item: Item, to property: String, unique: Bool) {
            touch(property)
            if unique {
                guard present[property, default: []].insert(item).inserted else { return }
            } else {
                present[property, default: []].insert(item)
            }
            properties[property]?.append(item)
        }

        mutating func touch(_ property: String) {
            if properties[property] == nil {
                properties[property] = []
                propertyOrder.append(property)
            }
        }
    }

    /// Graph name (`@default` for the default graph) → node id → node.
    var graphs: [String: [String: Node]] = ["@default": [:]]
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

    private mutating func ensureNode(_ id: String, in graph: String) {
        if graphs[graph] == nil { graphs[graph] = [:] }
        if graphs[graph]?[id] == nil { graphs[graph]?[id] = Node() }
    }

    /// Where an element's items go: a node's property, or a list being built.
    enum Target {
        case none
        case property(subject: String, property: String)
        case reverse(referencing: String, property: String)
    }

    mutating func add(_ element: JSONValue, graph: String, target: Target, list: inout [Item]?) {
        switch element {
        case .array(let items):
            for item in items { add(item, graph: graph, target: target, list: &list) }
        case .object(let object):
            addObject(object, graph: graph, target: target, list: &list)
        default:
            return
        }
    }

    private mutating func addObject(_ objectIn: JSONObject, graph: String, target: Target, list: inout [Item]?) {
        var object = objectIn
        if let types = object["@type"], object["@value"] == nil {
            object["@type"] = .array(types.asArray.map { type in
                if case .string(let iri) = type, iri.hasPrefix("_:") { return .string(blankNodeID(iri)) }
                return type
            })
        }
        if object["@value"] != nil {
            if list != nil {
                list?.append(.value(object))
            } else if case .property(let subject, let property) = target {
                graphs[graph]?[subject]?.add(.value(object), to: property, unique: true)
            }
            return
        }
        if let listValue = object["@list"] {
            var inner: [Item]? = []
            add(listValue, graph: graph, target: target, list: &inner)
            let item = Item.list(inner ?? [])
            if list != nil {
                list?.append(item)
            } else if case .property(let subject, let property) = target {
                graphs[graph]?[subject]?.add(item, to: property, unique: false)
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
        ensureNode(id, in: graph)
        switch target {
        case .reverse(let referencing, let property):
            graphs[graph]?[id]?.add(.reference(referencing), to: property, unique: true)
        case .property(let subject, let property):
            if list != nil {
                list?.append(.reference(id))
            } else {
                graphs[graph]?[subject]?.add(.reference(id), to: property, unique: true)
            }
        case .none:
            if list != nil { list?.append(.reference(id)) }
        }
        for type in object["@type"]?.asArray ?? [] {
            guard case .string(let iri) = type else { continue }
            if graphs[graph]?[id]?.types.contains(iri) == false { graphs[graph]?[id]?.types.append(iri) }
        }
        var noList: [Item]?
        if let reverse = object["@reverse"]?.objectValue {
            for member in reverse {
                add(member.value, graph: graph, target: .reverse(referencing: id, property: member.key), list: &noList)
            }
        }
        if let named = object["@graph"] {
            ensureGraph(id)
            add(named, graph: id, target: .none, list: &noList)
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
            graphs[graph]?[id]?.touch(property)
            add(member.value, graph: graph, target: .property(subject: id, property: property), list: &noList)
        }
    }

    private mutating func ensureGraph(_ name: String) {
        if graphs[name] == nil { graphs[name] = [:] }
    }
}
