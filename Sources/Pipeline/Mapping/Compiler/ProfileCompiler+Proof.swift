extension ProfileCompiler {
    static let proofKeys: Set<String> = ["cryptosuite", "compatibility"]

    /// `proof: { cryptosuite: NAME, compatibility: w3c | tsg }`: the name must be one the signing
    /// registry knows, so a typo is a load error with its position, not a failure at the first
    /// credential. `compatibility: tsg` loads with a warning, since W3C verifiers reject such proofs.
    func compileProof(_ scope: inout CompileScope) -> ProofPlan? {
        guard let node = root["proof"] else { return nil }
        guard let pairs = node.pairs else {
            scope.error(.typeError, node.location, "proof is a mapping such as { cryptosuite: eddsa-rdfc-2022 }, not \(node.kindName)")
            return nil
        }
        for pair in pairs where !Self.proofKeys.contains(pair.key.scalarText ?? "") {
            scope.error(.unknownKey, pair.key.location, "unknown key '\(pair.key.scalarText ?? "?")' in proof; allowed: \(Self.proofKeys.sorted().joined(separator: ", "))")
        }
        let compatibility = compileCompatibility(node, &scope)
        guard let suiteNode = node["cryptosuite"] else {
            if compatibility == .tsg, let place = node["compatibility"]?.location {
                let suites = cryptosuites.map { $0.tsgForm.sorted().joined(separator: " or ") } ?? "a suite with a TSG form"
                scope.error(.missingKey, place, "compatibility: tsg needs proof.cryptosuite: \(suites)")
            }
            return nil
        }
        guard let name = suiteNode.scalarText else {
            scope.error(.typeError, suiteNode.location, "proof.cryptosuite is one cryptosuite name, not \(suiteNode.kindName)")
            return nil
        }
        if let known = cryptosuites?.all, !known.contains(name) {
            scope.error(.badValue, suiteNode.location, "unknown cryptosuite '\(name)'; known: \(known.sorted().joined(separator: ", "))")
            return nil
        }
        guard let compatibility else { return ProofPlan(cryptosuite: name, location: suiteNode.location) }
        if compatibility == .tsg, let tsgForm = cryptosuites?.tsgForm, !tsgForm.contains(name),
            let place = node["compatibility"]?.location
        {
            scope.error(.badValue, place, "'\(name)' has no TSG form; compatibility: tsg goes with "
                + "\(tsgForm.sorted().joined(separator: " or ")) (docs/TSG-COMPATIBILITY.md)")
            return nil
        }
        return ProofPlan(cryptosuite: name, location: suiteNode.location, compatibility: compatibility)
    }

    /// `proof.compatibility`, with the TSG warning at its position; `nil` when absent or invalid.
    private func compileCompatibility(_ node: SyntaxNode, _ scope: inout CompileScope) -> ProofCompatibility? {
        guard let valueNode = node["compatibility"] else { return nil }
        guard let text = valueNode.scalarText, let value = ProofCompatibility(rawValue: text) else {
            scope.error(.badValue, valueNode.location, "proof.compatibility is w3c (the default) or tsg, not '\(valueNode.scalarText ?? valueNode.kindName)'")
            return nil
        }
        if value == .tsg {
            scope.diagnostics.append(ProfileDiagnostic(
                .warning, .nonStandardProof, at: valueNode.location, "profile '\(scope.profileName)': \(ProofCompatibility.tsgWarning)"))
        }
        return value
    }
}
