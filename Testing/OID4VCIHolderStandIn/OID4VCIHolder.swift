// The holder stand-in is written in its own branch (see docs/OID4VCI.md).
enum OID4VCIHolderPlaceholder {}
