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

/// Where a profile's credentials go: the name of a destination kind (`tsg-wallet`, `file`, …).
///
/// Mapping knows no destination: the name is checked against the destination kinds when the
/// profiles and the configuration load (`profiles lint`, the composition root), and a
/// destination's form and rules are applied by the pipeline.
public struct ProfileTarget: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The name as written in the profile.
    public var rawValue: String

    /// A target by name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The default when a profile names none: the TSG wallet import, the first destination.
    public static let tsgWallet = ProfileTarget(rawValue: "tsg-wallet")
    /// A plain W3C VC with no destination-specific form or rules.
    public static let generic = ProfileTarget(rawValue: "generic")

    /// The name.
    public var description: String { rawValue }
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
    public var name: String {
        get { box.fields.name }
        set { update { $0.name = newValue } }
    }
    /// The file it was loaded from.
    public var file: String {
        get { box.fields.file }
        set { update { $0.file = newValue } }
    }
    /// Higher wins when several profiles match.
    public var priority: Int {
        get { box.fields.priority }
        set { update { $0.priority = newValue } }
    }
    /// Abstract profiles only serve as a base for `extends`.
    public var isAbstract: Bool {
        get { box.fields.isAbstract }
        set { update { $0.isAbstract = newValue } }
    }
    /// The selection rule.
    public var match: MatchPlan {
        get { box.fields.match }
        set { update { $0.match = newValue } }
    }
    /// The VC data model version produced.
    public var version: VCVersion {
        get { box.fields.version }
        set { update { $0.version = newValue } }
    }
    /// Where its credentials go (a destination kind's name).
    public var target: ProfileTarget {
        get { box.fields.target }
        set { update { $0.target = newValue } }
    }
    /// Where `target` is written (the profile's own position when it is left to the default).
    public var targetLocation: SourceLocation {
        get { box.fields.targetLocation }
        set { update { $0.targetLocation = newValue } }
    }
    /// The zone Certifier dates are widened in.
    public var timeZone: TimeZone {
        get { box.fields.timeZone }
        set { update { $0.timeZone = newValue } }
    }
    /// The `@context` values as written, for the JSON-LD term check.
    public var contextURLs: [String] {
        get { box.fields.contextURLs }
        set { update { $0.contextURLs = newValue } }
    }
    /// How the credential is signed (`proof:`); `nil` leaves it to the key's default suite.
    public var proof: ProofPlan? {
        get { box.fields.proof }
        set { update { $0.proof = newValue } }
    }

    /// The status list purposes and list name (`status:`); `nil` when its credentials carry no status.
    public var status: StatusPlan? {
        get { box.fields.status }
        set { update { $0.status = newValue } }
    }

    /// How its credentials are offered over OpenID4VCI (`offer:`); `nil` when the profile has no
    /// `offer:` block (the destination's defaults apply).
    public var offer: OfferPlan? {
        get { box.fields.offer }
        set { update { $0.offer = newValue } }
    }

    var document: [(key: String, plan: OutputPlan)] {
        get { box.fields.document }
        set { update { $0.document = newValue } }
    }
    var subject: OutputPlan? {
        get { box.fields.subject }
        set { update { $0.subject = newValue } }
    }
    /// What rendering needs beyond the plans, worked out once here instead of per credential.
    var renderPlan: RenderPlan { box.fields.renderPlan }
    /// The midnights of `timeZone`, shared by every copy of this profile.
    var midnights: LocalMidnights { box.fields.midnights }

    /// The fields live in one immutable box shared by every copy: a profile is copied for each
    /// credential (select, the outcome), and copying a dozen fields retained each of them.
    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields {
        var name: String
        var file: String
        var priority: Int
        var isAbstract: Bool
        var match: MatchPlan
        var version: VCVersion
        var target: ProfileTarget
        var targetLocation: SourceLocation
        var timeZone: TimeZone
        var contextURLs: [String]
        var proof: ProofPlan?
        var status: StatusPlan?
        var offer: OfferPlan?
        var document: [(key: String, plan: OutputPlan)]
        var subject: OutputPlan?
        var renderPlan: RenderPlan
        var midnights: LocalMidnights
    }

    private var box: Box

    /// Changes go to a new box (profiles change only while they are loaded).
    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = box.fields
        change(&fields)
        fields.renderPlan = RenderPlan(profile: fields.name, document: fields.document, subject: fields.subject, matchCondition: fields.match.condition)
        if fields.midnights.timeZone != fields.timeZone { fields.midnights = LocalMidnights(fields.timeZone) }
        box = Box(fields)
    }

    init(
        name: String, file: String, priority: Int, isAbstract: Bool, match: MatchPlan, version: VCVersion, target: ProfileTarget,
        targetLocation: SourceLocation, timeZone: TimeZone, contextURLs: [String], proof: ProofPlan?, status: StatusPlan? = nil, offer: OfferPlan? = nil, document: [(key: String, plan: OutputPlan)], subject: OutputPlan?
    ) {
        box = Box(Fields(
            name: name, file: file, priority: priority, isAbstract: isAbstract, match: match, version: version, target: target,
            targetLocation: targetLocation, timeZone: timeZone, contextURLs: contextURLs, proof: proof, status: status, offer: offer, document: document, subject: subject,
            renderPlan: RenderPlan(profile: name, document: document, subject: subject, matchCondition: match.condition), midnights: LocalMidnights(timeZone)))
    }
}

/// A profile's output plans compiled, and the facts about them that depend only on the profile;
/// one shared object, so a credential's render takes it with one retain.
final class RenderPlan: Sendable {
    /// The subject, compiled: an object rule builds its `id` first; any other value is evaluated
    /// and its `id` moved to the front.
    enum Subject: Sendable {
        /// An object rule whose members named `id` lead.
        case object(ObjectProgram)
        case other(OutputProgram)
    }

    /// The top-level members, compiled, with their names prepared; `credentialSubject` takes
    /// the subject built before them.
    let document: ObjectProgram
    let subject: Subject?
    /// The `match.condition`, compiled.
    let matchCondition: ExpressionProgram?

    init(profile: String, document: [(key: String, plan: OutputPlan)], subject: OutputPlan?, matchCondition: PlanExpression?) {
        self.document = ObjectProgram(
            OutputPlan.ObjectPlan(document), profile: profile, roles: document.map { $0.key == "credentialSubject" ? .subjectSlot : .member })
        switch subject {
        case .object(let object, _)?:
            self.subject = .object(ObjectProgram(object, profile: profile, roles: object.members.map { $0.key == "id" ? .leadingID : .member }))
        case let plan?:
            self.subject = .other(OutputProgram(plan, profile: profile))
        case nil:
            self.subject = nil
        }
        self.matchCondition = matchCondition.map(ExpressionProgram.init)
    }
}
