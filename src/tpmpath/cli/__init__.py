"""The Typer app: each command parses its arguments, calls core and the store, and hands one
result to `app.emit`. `main` is the console script; `app` holds the global options and the one
error exit."""
