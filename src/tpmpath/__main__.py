"""`python -m tpmpath` runs the CLI."""

from tpmpath.cli import main

main()
