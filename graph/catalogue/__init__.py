"""The catalogue: a SQLite summary of the served telegrams, kept beside the store.

Lists, full-text search, facets and visualisation counts read it instead of the triples. `summary` says what the
catalogue keeps of one telegram's graph; `database` is the Catalogue (the file, its lock, refresh and serving),
`schema` its tables, `recording` what a refresh writes, `search` free text and the list's filters, `entities` and
`visualisations` the reads of the entity pages and the charts (mixins of the Catalogue on `reading`'s base). May
import ontology, extract's data types, graph.errors and the shape of a store that answers SELECT
(graph.store.protocol); it knows nothing else of stores or queries.
"""
