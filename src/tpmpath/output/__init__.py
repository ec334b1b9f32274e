"""Results to text: JSON, the terminal (Rich or plain), Markdown, CSV and HTML (with charts).

Imports only tpmpath.output, tpmpath.core and tpmpath.errors; writes nothing itself: it returns
text (or draws on the console it is given).
"""
