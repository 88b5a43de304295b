// The one DID resolver; filled in by the resolver work.
