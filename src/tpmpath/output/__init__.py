"""Results to JSON, terminal text (Rich or plain), Markdown, CSV and HTML. `emit` writes a
command's result in the one form asked for; nothing here chooses a file or reads the clock.
Imports only core."""
