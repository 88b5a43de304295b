import Foundation
import JSONCanonical
import Secrets
import ServeStandIns
import TSGWallet

// Fixtures for the tests that drive the TSG wallet client against the wallet stand-in.

/// A VC the wallet stand-in accepts.
public func walletVC(_ id: String) -> JSONValue {
    [
        "@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"],
        "id": .string(id), "issuer": "did:web:certbridge.example.org", "issuanceDate": "2022-01-01T00:00:00Z",
        "credentialSubject": ["id": "did:web:holder.example.org", "name": "Zoë"],
        "proof": [["type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "proofValue": "z1"]],
    ]
}

public let walletAccount = WalletStandIn.Account(clientId: "certbridge", username: "bridge", password: "pa ss&word")

public func tokenProvider(_ wallet: RunningServer, password: String = walletAccount.password) -> WalletTokenProvider {
    WalletTokenProvider(
        http: .shared,
        credentials: .init(
            tokenURL: wallet.baseURL + "/oauth/token", clientId: walletAccount.clientId,
            username: walletAccount.username, password: Secret(password), scope: "wallet_manage_own_credentials"))
}
