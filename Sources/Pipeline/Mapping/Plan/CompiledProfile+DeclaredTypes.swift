import JSONCanonical

extension CompiledProfile {
    /// The VC `type` values the profile writes as literals, in order (`[VerifiableCredential,
    /// CourseCertificate]`); computed types are left out. Holder-facing doors advertise these
    /// before any credential exists (DCP's `credentialType`, OpenID4VCI's configurations).
    public var declaredTypes: [String] {
        guard let plan = document.first(where: { $0.key == "type" })?.plan else { return [] }
        return Self.literalStrings(plan)
    }

    /// The most specific declared type: the last one that is not `VerifiableCredential`.
    public var credentialType: String? {
        declaredTypes.last { $0 != "VerifiableCredential" }
    }

    private static func literalStrings(_ plan: OutputPlan) -> [String] {
        switch plan {
        case .value(.constant(.json(let value)), _):
            if let text = value.stringValue { return [text] }
            return value.arrayValue?.compactMap(\.stringValue) ?? []
        case .array(let elements, _):
            return elements.flatMap(literalStrings)
        case .guarded(let guarded, _):
            return literalStrings(guarded.value)
        default:
            return []
        }
    }
}
