import JSONCanonical
import Mapping
import Outbox
import Pipeline

/// Which configured destination takes each profile's credentials, decided once when the profiles
/// and the configuration load: the pipeline's routes (form, or refusal before signing) and the
/// worker's destination (a router by profile).
public struct DestinationRouting: Sendable {
    /// The pipeline's routes.
    public let routes: ProfileRoutes
    /// The worker's destination: each VC goes to its profile's destination.
    public let router: DestinationRouter
    /// A warning per profile that no configured destination takes (its credentials are refused).
    public let diagnostics: [ProfileDiagnostic]

    /// Routes `profiles` to `destinations`: a profile goes to the first destination whose kind
    /// takes its target; a profile none takes is refused, with a reason naming its target, the
    /// configured kinds and the fix.
    public init(profiles: ProfileSet, kinds: DestinationKinds, destinations: [any Destination]) {
        var byProfile: [String: ProfileRoutes.Route] = [:]
        var targets: [String: any Destination] = [:]
        var diagnostics: [ProfileDiagnostic] = []
        let configured = destinations.map(\.kind.name)
        for profile in profiles.profiles where !profile.isAbstract {
            if let destination = destinations.first(where: { $0.kind.targets.contains(profile.target) }) {
                byProfile[profile.name] =
                    if destination.kind.signsAtRedemption {
                        .signedByDestination(destination.kind.form)
                    } else if destination.securing == .envelopedJWT {
                        .envelopedJWT(destination.kind.form)
                    } else {
                        .form(destination.kind.form)
                    }
                targets[profile.name] = destination
                continue
            }
            let wanted = kinds.kind(forTarget: profile.target)?.name
            var reason = "profile '\(profile.name)' has target '\(profile.target)': no destination of this gateway takes it"
            reason += configured.isEmpty ? " (none is configured)" : " (configured: \(configured.joined(separator: ", ")))"
            if let wanted {
                reason += "; configure a '\(wanted)' destination, or leave this profile out of the profiles the gateway delivers"
            } else {
                reason += "; no destination kind takes target '\(profile.target)' (known: \(kinds.knownTargets.joined(separator: ", ")))"
            }
            byProfile[profile.name] = .refused(reason)
            diagnostics.append(ProfileDiagnostic(.warning, .badValue, at: profile.targetLocation, reason))
        }
        routes = ProfileRoutes(forms: kinds.forms, byProfile: byProfile)
        router = DestinationRouter(byProfile: targets)
        self.diagnostics = diagnostics
    }
}

/// Sends each VC to the destination its profile routes to.
public struct DestinationRouter: CredentialDestination {
    private let byProfile: [String: any Destination]

    init(byProfile: [String: any Destination]) {
        self.byProfile = byProfile
    }

    /// The destination of a profile, if one takes it.
    public func destination(forProfile name: String) -> (any Destination)? {
        byProfile[name]
    }

    /// Delivers through the profile's destination; a VC of a profile no destination takes (the
    /// profiles changed since it was signed) is rejected with that reason.
    public func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome {
        guard let destination = byProfile[profile] else {
            return .rejected(reason: "no configured destination takes the VCs of profile '\(profile)' (profiles or configuration changed since it was signed)")
        }
        return await destination.deliver(vc, profile: profile)
    }

    /// Delivers through the profile's destination, with the job's source document.
    public func deliver(_ delivery: DeliveryRequest) async -> DeliveryOutcome {
        guard let destination = byProfile[delivery.profile] else {
            return await deliver(delivery.vc, profile: delivery.profile)
        }
        return await destination.deliver(delivery)
    }
}
