"""Loading a curriculum: the hardened YAML reader, validation with FILE:LINE:COL problems, the
validated cache (behind a `Cache` the store provides) and the starter file. Imports only core."""
