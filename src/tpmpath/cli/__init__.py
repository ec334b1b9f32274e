"""tpmpath.cli."""
