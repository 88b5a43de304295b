import Testing

@Suite struct CredentialJWTPlaceholder {}
