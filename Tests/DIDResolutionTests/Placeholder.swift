import Testing

@Suite struct DIDResolutionPlaceholder {}
