"""The demo dealer group: a seeded, deterministic story that every page and report can tell.

`story` is the cast (dealers, people and their habits, sources, campaigns), `generate` turns it
into eighteen months of leads and what was done with them, and `load` writes that in bulk.
A plain package, not a Django app: it owns no models.
"""
