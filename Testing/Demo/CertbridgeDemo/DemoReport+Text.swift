extension DemoReport {
    /// The report for people, ending with ``summary``.
    public var text: String {
        var lines = ["certbridge demo: Certifier webhook -> outbox -> pipeline -> TSG wallet, on 127.0.0.1", ""]
        let width = setup.map(\.label.count).max() ?? 0
        lines += setup.map { "  " + pad($0.label, width) + "  " + $0.value }
        lines += ["", "webhooks"]
        let actionWidth = checks.map(\.action.count).max() ?? 0
        lines += checks.map { "  " + ($0.passed ? "ok    " : "FAIL  ") + pad($0.action, actionWidth) + "  " + $0.observed }
        lines += ["", "credentials (outbox state, wallet record, proof checked against the gateway's did.json)"]
        for credential in credentials {
            lines.append("  " + (credential.passed ? "ok    " : "FAIL  ") + credential.sourceId + "  " + (credential.profile ?? "-"))
            lines += credential.details.map { "          " + $0 }
        }
        lines += ["", "wallet copies: \(walletFile)", "check them again: \(verifyCommand)", summary]
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}

extension DemoReport.Credential {
    /// The indented lines under the credential's heading.
    var details: [String] {
        var lines: [String] = []
        switch state {
        case nil: lines.append("no job in the outbox")
        case .delivered?: lines.append("delivered, wallet record \(receipt ?? "(kept from an earlier import)")")
        case .noMatch?: lines.append("no-match: \(reason ?? "no profile applies")")
        case .dead?: lines.append("dead: \(reason ?? "no reason recorded")")
        case let other?: lines.append("\(other) (still pending)")
        }
        if !mustDeliver, let target {
            lines.append("expected: its profile targets '\(target)', not the TSG wallet's import schema")
        }
        if let vcId { lines.append("VC \(vcId)") }
        switch verification {
        case .success(let proof)?: lines.append("verified: \(proof)")
        case .failure(let failure)?: lines.append("NOT verified: \(failure.reason)")
        case nil: if state == .delivered { lines.append("NOT in the wallet") }
        }
        return lines
    }
}
