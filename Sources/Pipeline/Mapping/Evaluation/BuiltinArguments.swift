/// A call's evaluated arguments: the first three inline, any more in an array.
///
/// Every built-in but `concat` takes at most three; an array per call was an allocation for
/// each function a profile calls, per credential.
struct BuiltinArguments: RandomAccessCollection {
    private var first: MappingValue = .absent
    private var second: MappingValue = .absent
    private var third: MappingValue = .absent
    private var rest: [MappingValue] = []
    /// How many arguments there are.
    private(set) var count = 0

    /// No arguments yet.
    init() {}

    /// These arguments.
    init(_ values: [MappingValue]) {
        for value in values { append(value) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// The argument at `index`; the compiler checks each call's arity, so indices past `count`
    /// are not asked for (they read as absent).
    subscript(index: Int) -> MappingValue {
        switch index {
        case 0: first
        case 1: second
        case 2: third
        default: index - 3 < rest.count ? rest[index - 3] : .absent
        }
    }

    /// Whether any argument is absent. Checked on the stored values: `contains(where:)` would
    /// copy the arguments into an iterator, retaining every payload.
    var containsAbsent: Bool {
        func isAbsent(_ value: MappingValue) -> Bool {
            if case .absent = value { true } else { false }
        }
        if count > 0, isAbsent(first) { return true }
        if count > 1, isAbsent(second) { return true }
        if count > 2, isAbsent(third) { return true }
        for index in rest.indices where isAbsent(rest[index]) { return true }
        return false
    }

    /// Adds the next argument.
    mutating func append(_ value: consuming MappingValue) {
        switch count {
        case 0: first = value
        case 1: second = value
        case 2: third = value
        default: rest.append(value)
        }
        count += 1
    }
}
