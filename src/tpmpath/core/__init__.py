"""tpmpath.core."""
