import JSONCanonical

/// A job's credential and VC as the outbox holds them, by identity (``JSONValue/isIdentical(_:_:)``):
/// constant time, and an unchanged copy is all the worker's steps leave of a document they did not
/// replace. A document replaced by an equal one counts as changed, and is written: never the other way.
struct StoredPayload {
    private let credential: JSONValue?
    private let vc: JSONValue?

    init(_ job: DeliveryJob) {
        credential = job.credential
        vc = job.vc
    }

    /// Whether `job`'s documents are the ones held.
    func holds(_ job: DeliveryJob) -> Bool {
        JSONValue.isIdentical(credential, job.credential) && JSONValue.isIdentical(vc, job.vc)
    }
}
