import Foundation
import JSONCanonical

extension DeliveryJob {
    /// The delivery logic as a plain value: it is told what happened to a step and answers with
    /// the next action, changing the job's state, attempts, next attempt time and last error.
    ///
    /// It does no I/O, so tests drive every path without sockets; the worker performs the
    /// actions and persists ``job`` after each event.
    public struct StateMachine: Sendable {
        /// The job as it stands after the last event.
        public private(set) var job: DeliveryJob
        private let policy: RetryPolicy

        /// What the worker should do next.
        public enum Action: Sendable, Equatable {
            /// Read the Certifier credential with this id.
            case fetch(sourceId: String)
            /// Map this Certifier credential document, compare it with `previous`, and sign it if it is to be issued.
            case convert(JSONValue, previous: PreviousIssue?)
            /// Send this signed VC to the wallet.
            case deliver(JSONValue)
            /// Nothing now: save the job; it is due again at this time.
            case wait(until: Date)
            /// Nothing more: the job reached a terminal state.
            case finished(JobState)
        }

        /// How a step failed.
        public enum Failure: Sendable, Equatable {
            /// May succeed later (429, 5xx, network); `retryAfter` is the server's wish, if any.
            case retryable(String, retryAfter: Duration?)
            /// Will not succeed by waiting (other 4xx, bad data).
            case permanent(String)
        }

        /// Starts from a stored job.
        public init(job: DeliveryJob, policy: RetryPolicy) {
            self.job = job
            self.policy = policy
        }

        /// The action the job's current state calls for.
        public var nextAction: Action {
            switch job.state {
            case .received:
                return .fetch(sourceId: job.sourceId)
            case .fetched:
                guard let credential = job.credential else { return .fetch(sourceId: job.sourceId) }
                return .convert(credential, previous: previousIssue)
            case .signed:
                guard let vc = job.vc else { return .fetch(sourceId: job.sourceId) }
                return .deliver(vc)
            case .delivered, .dead, .noMatch, .deleted:
                return .finished(job.state)
            }
        }

        /// What was last delivered, forced when an operator asked for a re-issue.
        var previousIssue: PreviousIssue? { job.previousIssue(forced: job.forceReissue) }

        /// The credential was read from Certifier.
        public mutating func fetched(_ document: JSONValue, now: Date) -> Action {
            guard job.state == .received || job.state == .fetched || job.state == .signed else { return nextAction }
            job.credential = document
            advance(to: .fetched, now: now)
            return nextAction
        }

        /// A profile turned the credential into a signed VC.
        public mutating func converted(_ converted: ConvertedVC, now: Date) -> Action {
            guard job.state == .fetched else { return nextAction }
            job.vc = converted.vc
            job.vcId = converted.vcId
            job.profile = converted.profile
            job.revision = converted.revision
            job.claimsDigest = converted.claimsDigest
            job.sourceDigest = converted.sourceDigest
            job.statusSlots = converted.statusSlots
            job.receipt = nil
            advance(to: .signed, now: now)
            return nextAction
        }

        /// A delivered credential read again needs no new VC (`unchanged`), or must not get one
        /// without an operator (`held`): the job is delivered again, with the reason kept as a note.
        public mutating func keptDelivered(note: String?, now: Date) -> Action {
            guard job.state == .fetched, job.lastIssued != nil else { return nextAction }
            advance(to: .delivered, now: now)
            job.lastError = note
            return .finished(.delivered)
        }

        /// Certifier no longer has the credential: its VCs are revoked by the store when this is
        /// saved, and the personal data the job holds is dropped here.
        public mutating func gone(reason: String, now: Date) -> Action {
            guard !job.state.isTerminal else { return nextAction }
            job.credential = nil
            job.vc = nil
            job.state = .deleted
            job.lastError = reason
            job.attempts = 0
            job.updatedAt = now
            return .finished(.deleted)
        }

        /// No profile applies; recorded as a visible terminal outcome with the reason. A
        /// credential delivered before keeps its VC: not matching any more (it expired, say) is
        /// not a reason to revoke.
        public mutating func noProfileMatched(reason: String, now: Date) -> Action {
            guard job.state == .fetched else { return nextAction }
            if job.lastIssued != nil {
                return keptDelivered(note: "kept the delivered VC: no profile matches now (\(reason))", now: now)
            }
            job.state = .noMatch
            job.lastError = reason
            job.updatedAt = now
            return .finished(.noMatch)
        }

        /// A profile converted the credential but its VCs are not for this destination: dead at
        /// once (retrying cannot change a profile's target), with the profile recorded.
        public mutating func refused(profile: String, reason: String, now: Date) -> Action {
            guard job.state == .fetched else { return nextAction }
            job.profile = profile
            job.lastError = "refused: \(reason)"
            job.state = .dead
            job.updatedAt = now
            return .finished(.dead)
        }

        /// The wallet accepted the VC (200 with a record id, or 409: it holds that id already).
        public mutating func delivered(receipt: String?, now: Date) -> Action {
            guard job.state == .signed else { return nextAction }
            job.receipt = receipt
            job.deliveredAt = now
            advance(to: .delivered, now: now)
            return .finished(.delivered)
        }

        /// The current step failed: retry with backoff until the bound, or die at once if permanent.
        public mutating func failed(_ failure: Failure, now: Date, random: Double) -> Action {
            guard !job.state.isTerminal else { return nextAction }
            job.updatedAt = now
            switch failure {
            case .permanent(let reason):
                job.lastError = "\(stepName): \(reason)"
                job.state = .dead
                return .finished(.dead)
            case .retryable(let reason, let retryAfter):
                job.attempts += 1
                guard job.attempts < policy.maximumAttempts else {
                    job.lastError = "\(stepName): gave up after \(job.attempts) attempts: \(reason)"
                    job.state = .dead
                    return .finished(.dead)
                }
                job.lastError = "\(stepName): \(reason)"
                let delay = policy.delay(afterAttempt: job.attempts, retryAfter: retryAfter, random: random)
                job.nextAttemptAt = now.addingTimeInterval(delay.seconds)
                return .wait(until: job.nextAttemptAt)
            }
        }

        private var stepName: String {
            switch job.state {
            case .received: "fetch"
            case .fetched: "mapping"
            case .signed: "delivery"
            case .delivered, .dead, .noMatch, .deleted: job.state.rawValue
            }
        }

        private mutating func advance(to state: JobState, now: Date) {
            job.state = state
            job.attempts = 0
            job.lastError = nil
            job.nextAttemptAt = now
            job.updatedAt = now
        }
    }
}
