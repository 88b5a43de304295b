// VC-JWT forms; filled in by the VC-JWT work.
