import JSONCanonical

/// What a destination asks of the credentials made for it: a layout applied after signing, and
/// rules (its import schema) checked with the data model's in the one validate stage.
///
/// Mapping knows no destination; each destination module provides its form, and the
/// composition root hands the forms to the pipeline by profile target.
public protocol CredentialForm: Sendable {
    /// The signed VC laid out as the destination wants it; must not change what the proof covers
    /// (a single proof as a set of one, say).
    func shape(signed vc: consuming JSONValue) -> JSONValue

    /// The rules the credential breaks; `signed` adds the rules about `proof`.
    func issues(in credential: CredentialMembers, signed: Bool) -> [ValidationIssue]
}

/// A plain W3C VC: no layout change and no rules beyond the data model's.
public struct PlainCredentialForm: CredentialForm {
    /// Creates the plain form.
    public init() {}

    /// The VC as signed.
    public func shape(signed vc: consuming JSONValue) -> JSONValue { vc }

    /// None.
    public func issues(in credential: CredentialMembers, signed: Bool) -> [ValidationIssue] { [] }
}

/// The top-level members of a credential that rules read, found once per validation.
public struct CredentialMembers: Sendable {
    /// `@context`.
    public var context: JSONValue?
    /// `type`.
    public var type: JSONValue?
    /// `issuer`.
    public var issuer: JSONValue?
    /// `id`.
    public var id: JSONValue?
    /// `credentialSubject`.
    public var subject: JSONValue?
    /// `proof`.
    public var proof: JSONValue?

    /// Creates a view of the members.
    public init(
        context: JSONValue? = nil, type: JSONValue? = nil, issuer: JSONValue? = nil, id: JSONValue? = nil,
        subject: JSONValue? = nil, proof: JSONValue? = nil
    ) {
        (self.context, self.type, self.issuer, self.id, self.subject, self.proof) = (context, type, issuer, id, subject, proof)
    }
}

/// The forms of the known destination kinds, by the profile target that names them.
public struct CredentialForms: Sendable {
    private var byTarget: [String: any CredentialForm]

    /// Forms by target; a target without one gets the plain form.
    public init(_ forms: [ProfileTarget: any CredentialForm] = [:]) {
        byTarget = Dictionary(uniqueKeysWithValues: forms.map { ($0.key.rawValue, $0.value) })
    }

    /// The form for `target`; the plain form when no destination kind gives one.
    public func form(for target: ProfileTarget) -> any CredentialForm {
        byTarget[target.rawValue] ?? PlainCredentialForm()
    }
}
