/// The protocol records the DCP door keeps (``ProtocolRecord`` kinds), in one place.
enum DCPRecords {
    /// A holder's credential request: subject the holder DID, state a ``DCPRequestState``, body
    /// `holderPid`, `credentials` (object ids), `deadline` (seconds since 1970) and the holder's
    /// `token` for its storage API when it gave one.
    static let request = "dcp.request"
    /// One requested credential written to the holder: id `<request id> <object id>`.
    static let fulfilment = "dcp.fulfilment"
    /// A VC sent (or refused) to a holder: id the VC id, subject the holder DID, body `object`;
    /// a later request for that object sends it again.
    static let delivery = "dcp.delivery"
    /// A holder's ID token seen already (`jti`), kept until it expires: tokens are single-use.
    static let tokenID = "dcp.token-id"
}
