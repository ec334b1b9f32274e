"""tpmpath.curriculum."""
