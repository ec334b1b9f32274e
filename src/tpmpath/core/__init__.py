"""The pure domain: models, the replay of events, changes, planning, review, suggestions and
report data. Imports nothing of tpmpath but core and errors; no files, no clock (`now` is passed
in), no console, no Typer, no Rich (tests/test_architecture.py enforces it)."""
