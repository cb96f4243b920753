"""The catalogue: a SQLite summary of the served telegrams, kept beside the store.

Lists, full-text search, facets and visualisation counts read it instead of the triples. `summary` says what the
catalogue keeps of one telegram's graph; `database` writes and reads the SQLite file. May import ontology,
extract's data types and graph.errors; it knows nothing of stores or queries.
"""
