/// Everything wrong with a configuration file, each problem with its position and field.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem in the file.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// `line:column` in the file, when known.
        public var position: String?
        /// The dotted field name, e.g. `wallet.password`.
        public var field: String
        /// What is wrong and how to fix it; never a secret's value.
        public var message: String

        /// Creates a problem.
        public init(position: String?, field: String, message: String) {
            self.position = position
            self.field = field
            self.message = message
        }

        /// `file:line:column: field: message` without the file.
        public var description: String {
            (position.map { "\($0): " } ?? "") + (field.isEmpty ? "" : "\(field): ") + message
        }
    }

    /// The file that was read.
    public var file: String
    /// The problems, in file order.
    public var problems: [Problem]

    /// Creates an error.
    public init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems
    }

    /// One line per problem, each starting with `file:line:column:`.
    public var description: String {
        problems.map { problem in
            problem.position == nil ? "\(file): \(problem)" : "\(file):\(problem)"
        }.joined(separator: "\n")
    }
}
