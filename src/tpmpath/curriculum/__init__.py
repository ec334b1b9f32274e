"""Curricula: the hardened YAML reader, the checks with FILE:LINE:COL, the loader, the starter."""
