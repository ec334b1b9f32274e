"""`python -m tpmpath` runs the CLI."""

from tpmpath.cli.main import main

main()
