extension ProfileCompiler {
    static let offerKeys: Set<String> = ["tx_code", "tx_code_description", "binding", "formats", "mail"]
    static let offerMailKeys: Set<String> = ["subject", "body", "body_file"]

    /// `offer: { tx_code, tx_code_description, binding, formats, mail }`, the OpenID4VCI offer
    /// settings. Every key is optional; each mistake is reported at the place it is written, so a
    /// bad mail text fails `profiles lint`, not the first offer sent.
    func compileOffer(_ scope: inout CompileScope, version: VCVersion) -> OfferPlan? {
        guard let node = root["offer"] else { return nil }
        guard let pairs = node.pairs else {
            scope.error(.typeError, node.location, "offer is a mapping such as { tx_code: 6, binding: did }, not \(node.kindName)")
            return nil
        }
        for pair in pairs where !Self.offerKeys.contains(pair.key.scalarText ?? "") {
            scope.error(.unknownKey, pair.key.location, "unknown key '\(pair.key.scalarText ?? "?")' in offer; allowed: \(Self.offerKeys.sorted().joined(separator: ", "))")
        }
        let before = scope.diagnostics.count
        let txCodeLength = offerTxCode(node, &scope)
        let description = offerTxCodeDescription(node, hasCode: txCodeLength != nil, &scope)
        let binding = offerBinding(node, &scope)
        let formats = offerFormats(node, version: version, &scope)
        let mail = node["mail"].flatMap { offerMail($0, &scope) }
        guard scope.diagnostics.count == before else { return nil }
        return OfferPlan(
            txCodeLength: txCodeLength, txCodeDescription: description, binding: binding, formats: formats, mail: mail,
            location: node.location)
    }

    /// `tx_code: 4…8 | none`: the number of digits; `nil` for none or a reported error.
    private func offerTxCode(_ node: SyntaxNode, _ scope: inout CompileScope) -> Int? {
        guard let valueNode = node["tx_code"] else { return nil }
        let text = valueNode.scalarText
        if text == "none" { return nil }
        let range = OfferPlan.txCodeLengths
        guard let text, let digits = Int(text), range.contains(digits) else {
            let written = text.map { "'\($0)'" } ?? valueNode.kindName
            scope.error(.badValue, valueNode.location, "offer.tx_code is the number of digits of the transaction code, \(range.lowerBound) to \(range.upperBound), or none; not \(written)")
            return nil
        }
        return digits
    }

    private func offerTxCodeDescription(_ node: SyntaxNode, hasCode: Bool, _ scope: inout CompileScope) -> String? {
        guard let pair = node.pairs?.first(where: { $0.key.scalarText == "tx_code_description" }) else { return nil }
        guard let text = pair.value.scalarText else {
            scope.error(.typeError, pair.value.location, "offer.tx_code_description is a text, not \(pair.value.kindName)")
            return nil
        }
        // Without a code there is nothing for the hint to describe; report it instead of silently
        // dropping the text the operator meant wallets to show. (An invalid tx_code was reported.)
        if !hasCode && (node["tx_code"] == nil || node["tx_code"]?.scalarText == "none") {
            scope.error(.badValue, pair.key.location, "offer.tx_code_description describes the transaction code, but there is none: set tx_code to its number of digits (4 to 8) or remove the description")
            return nil
        }
        let limit = OfferPlan.txCodeDescriptionLimit
        let count = text.count
        guard !text.allSatisfy(\.isWhitespace), count <= limit else {
            scope.error(.badValue, pair.value.location, count > limit
                ? "offer.tx_code_description has \(count) characters; wallets accept at most \(limit)"
                : "offer.tx_code_description is empty; write a hint or remove the key")
            return nil
        }
        return text
    }

    private func offerBinding(_ node: SyntaxNode, _ scope: inout CompileScope) -> OfferBinding {
        guard let valueNode = node["binding"] else { return .did }
        guard let text = valueNode.scalarText, let binding = OfferBinding(rawValue: text) else {
            let allowed = OfferBinding.allCases.map(\.rawValue).joined(separator: " or ")
            scope.error(.badValue, valueNode.location, "offer.binding is \(allowed) (did: key proofs name a DID; x5c: a proof with an x5c certificate and no DID is accepted too), not '\(valueNode.scalarText ?? valueNode.kindName)'")
            return .did
        }
        return binding
    }

    /// `formats: [ldp_vc, jwt_vc_json]`, one name or a list. jwt_vc_json is refused for VC 2.0 profiles;
    /// an abstract profile that does not say `vc` is not held to it, since each profile that
    /// extends it is checked with its own version.
    private func offerFormats(_ node: SyntaxNode, version: VCVersion, _ scope: inout CompileScope) -> [OfferFormat] {
        guard let valueNode = node["formats"] else { return OfferPlan.defaultFormats(for: version) }
        let versionKnown = root["vc"] != nil || root["abstract"]?.scalarText != "true"
        var formats: [OfferFormat] = []
        let items = valueNode.elements ?? [valueNode]
        for item in items {
            guard let text = item.scalarText, let format = OfferFormat(rawValue: text) else {
                let allowed = OfferFormat.allCases.map(\.rawValue).joined(separator: ", ")
                scope.error(.badValue, item.location, "offer.formats lists OpenID4VCI formats (\(allowed)), not '\(item.scalarText ?? item.kindName)'")
                continue
            }
            if format == .jwtVCJSON && version == .v2_0 && versionKnown {
                scope.error(.badValue, item.location, "jwt_vc_json is the VC 1.1 JWT form; this profile makes VC 2.0 credentials (vc: \"2.0\"), so offer ldp_vc only, or make the profile vc: \"1.1\"")
                continue
            }
            if !formats.contains(format) { formats.append(format) }
        }
        if items.isEmpty {
            scope.error(.badValue, valueNode.location, "offer.formats is empty; list at least one of \(OfferPlan.defaultFormats(for: version).map(\.rawValue).joined(separator: ", ")), or remove the key for the default")
        }
        return formats
    }

    /// `mail: { subject, body | body_file }`; a part left out is taken from the default mail.
    private func offerMail(_ node: SyntaxNode, _ scope: inout CompileScope) -> OfferMailTemplate? {
        guard let pairs = node.pairs else {
            scope.error(.typeError, node.location, "offer.mail is a mapping with subject and body (or body_file), not \(node.kindName)")
            return nil
        }
        for pair in pairs where !Self.offerMailKeys.contains(pair.key.scalarText ?? "") {
            scope.error(.unknownKey, pair.key.location, "unknown key '\(pair.key.scalarText ?? "?")' in offer.mail; allowed: \(Self.offerMailKeys.sorted().joined(separator: ", "))")
        }
        let before = scope.diagnostics.count
        var subject = OfferMailTemplate.defaultMail.subject
        if let subjectNode = node["subject"], let text = mailText(subjectNode, key: "subject", &scope) {
            if text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
                scope.error(.badValue, subjectNode.location, "offer.mail.subject must be one line (a line break would end the mail header); write it on one line, or fold it with >- (| and > end it with a line break)")
            } else if let parts = mailTemplate(text, key: "subject", at: subjectNode.location, &scope) {
                subject = parts
            }
        }
        var body = OfferMailTemplate.defaultMail.body
        let bodyPair = pairs.first { $0.key.scalarText == "body" }
        let filePair = pairs.first { $0.key.scalarText == "body_file" }
        if bodyPair != nil, let filePair {
            scope.error(.badValue, filePair.key.location, "offer.mail has both body and body_file; keep one")
        } else if let bodyNode = bodyPair?.value {
            if let text = mailText(bodyNode, key: "body", &scope), let parts = mailBody(text, key: "body", at: bodyNode.location, &scope) {
                body = parts
            }
        } else if let fileNode = filePair?.value, let path = mailText(fileNode, key: "body_file", &scope) {
            switch readFile(path, fileNode.location) {
            case .failure:
                // The loader's message speaks of lookup files; this one names the key and where
                // the path is resolved from.
                scope.error(.unreadable, fileNode.location, "cannot read offer.mail.body_file '\(path)' (a path relative to the profile's file)")
            case .success(let text):
                if let parts = mailBody(text, key: "body_file (\(path))", at: fileNode.location, &scope) { body = parts }
            }
        }
        guard scope.diagnostics.count == before else { return nil }
        return OfferMailTemplate(subject: subject, body: body)
    }

    private func mailText(_ node: SyntaxNode, key: String, _ scope: inout CompileScope) -> String? {
        guard let text = node.scalarText else {
            scope.error(.typeError, node.location, "offer.mail.\(key) is a text, not \(node.kindName)")
            return nil
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            scope.error(.badValue, node.location, "offer.mail.\(key) is empty; write it or remove the key for the default")
            return nil
        }
        return text
    }

    /// A body must carry `{{link}}`: the link is what the mail is for.
    private func mailBody(_ text: String, key: String, at location: SourceLocation, _ scope: inout CompileScope) -> [OfferTemplatePart]? {
        guard let parts = mailTemplate(text, key: key, at: location, &scope) else { return nil }
        guard parts.contains(.placeholder(.link)) else {
            scope.error(.badValue, location, "offer.mail.\(key) has no {{link}}: the offer link is what the mail is for; put {{link}} on a line of its own")
            return nil
        }
        return parts
    }

    private func mailTemplate(_ text: String, key: String, at location: SourceLocation, _ scope: inout CompileScope) -> [OfferTemplatePart]? {
        switch OfferMailTemplate.parse(text) {
        case .success(let parts):
            return parts
        case .failure(.unclosed):
            scope.error(.expressionSyntax, location, "offer.mail.\(key) has a '{{' without a closing '}}'")
        case .failure(.unknownPlaceholder(let name)):
            let known = OfferPlaceholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")
            scope.error(.badValue, location, "offer.mail.\(key) uses unknown placeholder '{{\(name)}}'; known: \(known)")
        }
        return nil
    }
}
