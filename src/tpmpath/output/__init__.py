"""tpmpath.output."""
