extension ProfileCompiler {
    static let proofKeys: Set<String> = ["cryptosuite"]

    /// `proof: { cryptosuite: NAME }`: the name must be one the signing registry knows, so a typo
    /// is a load error with its position, not a failure at the first credential.
    func compileProof(_ scope: inout CompileScope) -> ProofPlan? {
        guard let node = root["proof"] else { return nil }
        guard let pairs = node.pairs else {
            scope.error(.typeError, node.location, "proof is a mapping such as { cryptosuite: eddsa-rdfc-2022 }, not \(node.kindName)")
            return nil
        }
        for pair in pairs where !Self.proofKeys.contains(pair.key.scalarText ?? "") {
            scope.error(.unknownKey, pair.key.location, "unknown key '\(pair.key.scalarText ?? "?")' in proof; allowed: \(Self.proofKeys.sorted().joined(separator: ", "))")
        }
        guard let suiteNode = node["cryptosuite"] else { return nil }
        guard let name = suiteNode.scalarText else {
            scope.error(.typeError, suiteNode.location, "proof.cryptosuite is one cryptosuite name, not \(suiteNode.kindName)")
            return nil
        }
        guard cryptosuites.contains(name) else {
            scope.error(.badValue, suiteNode.location, "unknown cryptosuite '\(name)'; known: \(cryptosuites.sorted().joined(separator: ", "))")
            return nil
        }
        return ProofPlan(cryptosuite: name, location: suiteNode.location)
    }
}
