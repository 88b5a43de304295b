/// Everything wrong with a configuration (its file and the `CERTBRIDGE_*` environment), each
/// problem with its position or variable, and its field.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem in the file.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// `line:column` in the file, when known.
        public var position: String?
        /// The dotted field name, e.g. `wallet.password`.
        public var field: String
        /// What is wrong and how to fix it; never a secret's value.
        public var message: String
        /// The environment variable that set the field, when one did (then there is no position).
        public var variable: String?

        /// Creates a problem.
        public init(position: String?, field: String, message: String, variable: String? = nil) {
            self.position = position
            self.field = field
            self.message = message
            self.variable = variable
        }

        /// `line:column: field: message`, or `VARIABLE (field): message` for a value from the environment.
        public var description: String {
            if let variable {
                return variable + (field.isEmpty ? "" : " (\(field))") + ": " + message
            }
            return (position.map { "\($0): " } ?? "") + (field.isEmpty ? "" : "\(field): ") + message
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

    /// One line per problem, each starting with `file:line:column:`, or with the variable for a
    /// value from the environment.
    public var description: String {
        problems.map { problem in
            if problem.variable != nil { return problem.description }
            return problem.position == nil ? "\(file): \(problem)" : "\(file):\(problem)"
        }.joined(separator: "\n")
    }
}
