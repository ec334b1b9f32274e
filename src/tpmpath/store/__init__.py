"""tpmpath.store."""
