import Foundation

/// The VC data model version a profile produces.
public enum VCVersion: String, Sendable, Hashable {
    /// VC Data Model 1.1.
    case v1_1 = "1.1"
    /// VC Data Model 2.0.
    case v2_0 = "2.0"

    /// The base context that must come first in `@context`.
    public var baseContext: String {
        switch self {
        case .v1_1: "https://www.w3.org/2018/credentials/v1"
        case .v2_0: "https://www.w3.org/ns/credentials/v2"
        }
    }

    /// The member names of the validity dates in this version.
    public var dateKeys: (from: String, until: String) {
        switch self {
        case .v1_1: ("issuanceDate", "expirationDate")
        case .v2_0: ("validFrom", "validUntil")
        }
    }
}

/// Which import schema a produced credential is checked against, beyond the VC data model.
public enum TargetSchema: String, Sendable, Hashable {
    /// The TSG wallet import endpoint: string issuer, holder DID, id `https://...` or `<holderDID>#...`.
    case tsgWallet = "tsg-wallet"
    /// No target-specific rules.
    case generic
}

/// Which credentials a profile applies to.
public struct MatchPlan: Sendable {
    /// Allowed group ids, or `nil` for any.
    public var groupIds: Set<String>? {
        didSet { groupKeys = groupIds.map { $0.map(MemberKey.init) } }
    }
    /// Allowed statuses, or `nil` for any.
    public var statuses: Set<String>? {
        didSet { statusKeys = statuses.map { $0.map(MemberKey.init) } }
    }
    /// An extra condition.
    var condition: PlanExpression?
    /// Where `match` is written (or the profile's start when it has none).
    public var location: SourceLocation
    /// The sets as lists: a few comparisons cost less than hashing every credential's values.
    private(set) var groupKeys: [MemberKey]?
    private(set) var statusKeys: [MemberKey]?

    init(groupIds: Set<String>?, statuses: Set<String>?, condition: PlanExpression?, location: SourceLocation) {
        self.groupIds = groupIds
        self.statuses = statuses
        self.condition = condition
        self.location = location
        groupKeys = groupIds.map { $0.map(MemberKey.init) }
        statusKeys = statuses.map { $0.map(MemberKey.init) }
    }

    /// How many criteria the match has: the tie-breaker after `priority` (more is more specific).
    public var specificity: Int {
        (groupIds == nil ? 0 : 1) + (statuses == nil ? 0 : 1) + (condition == nil ? 0 : 1)
    }
}

/// A profile compiled into an evaluable plan; built once at load, used for every credential.
public struct CompiledProfile: Sendable {
    /// The profile's name (its `name:` or file name).
    public var name: String
    /// The file it was loaded from.
    public var file: String
    /// Higher wins when several profiles match.
    public var priority: Int
    /// Abstract profiles only serve as a base for `extends`.
    public var isAbstract: Bool
    /// The selection rule.
    public var match: MatchPlan
    /// The VC data model version produced.
    public var version: VCVersion
    /// The import schema checked.
    public var target: TargetSchema
    /// The zone Certifier dates are widened in.
    public var timeZone: TimeZone
    /// The `@context` values as written, for the JSON-LD term check.
    public var contextURLs: [String]
    /// How the credential is signed (`proof:`); `nil` leaves it to the key's default suite.
    public var proof: ProofPlan?

    var document: [(key: String, plan: OutputPlan)] {
        didSet { renderPlan = RenderPlan(document: document, subject: subject) }
    }
    var subject: OutputPlan? {
        didSet { renderPlan = RenderPlan(document: document, subject: subject) }
    }
    /// What rendering needs beyond the plans, worked out once here instead of per credential.
    private(set) var renderPlan: RenderPlan

    init(
        name: String, file: String, priority: Int, isAbstract: Bool, match: MatchPlan, version: VCVersion, target: TargetSchema,
        timeZone: TimeZone, contextURLs: [String], proof: ProofPlan?, document: [(key: String, plan: OutputPlan)], subject: OutputPlan?
    ) {
        self.name = name
        self.file = file
        self.priority = priority
        self.isAbstract = isAbstract
        self.match = match
        self.version = version
        self.target = target
        self.timeZone = timeZone
        self.contextURLs = contextURLs
        self.proof = proof
        self.document = document
        self.subject = subject
        self.renderPlan = RenderPlan(document: document, subject: subject)
    }
}

/// Facts about a profile's output plans that depend only on the profile.
struct RenderPlan: Sendable {
    /// Whether each top-level member (same order as `document`) is `credentialSubject`.
    var isSubject: [Bool]
    /// For an object subject: whether each of its members is `id` (the member that leads).
    var subjectMemberIsID: [Bool]?

    init(document: [(key: String, plan: OutputPlan)], subject: OutputPlan?) {
        isSubject = document.map { $0.key == "credentialSubject" }
        subjectMemberIsID = nil
        if case .object(let members, _)? = subject {
            subjectMemberIsID = members.map { $0.key == "id" }
        }
    }
}
