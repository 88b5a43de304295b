import JSONCanonical

/// One page of `GET /v1/credentials`.
public struct CertifierCredentialPage: Sendable {
    /// The credentials on this page, typed.
    public var credentials: [CertifierCredential]
    /// The same credentials as the exact JSON documents Certifier sent (what the mapper reads).
    public var documents: [JSONValue]
    /// The cursor of the next page, `nil` on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(credentials: [CertifierCredential], documents: [JSONValue], nextCursor: String?) {
        self.credentials = credentials
        self.documents = documents
        self.nextCursor = nextCursor
    }
}

/// A fetched credential: the typed view and the untouched JSON document.
public struct FetchedCertifierCredential: Sendable {
    /// Typed fields for routing and logging.
    public var credential: CertifierCredential
    /// The full document, including fields the typed model does not know.
    public var document: JSONValue

    /// Creates a fetched credential.
    public init(credential: CertifierCredential, document: JSONValue) {
        self.credential = credential
        self.document = document
    }
}
