"""Pure domain: models, the replay of events, changes, planning, review, report data.

Imports only tpmpath.core and tpmpath.errors: no files, no clock (`now` is passed in), no console.
"""
