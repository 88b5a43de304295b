import Testing
@testable import OID4VCI
