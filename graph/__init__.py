"""Facts to a knowledge graph and back: the layer between extraction and the service.

Six sub-packages, each owning one job; the layers run downwards only (import-linter checks it, see
`[tool.importlinter]` in pyproject.toml and docs/architecture.md):

- `build`: facts become one checked named graph per document and are loaded (mapping, SHACL, the ingest pipeline).
- `views`: read models for the service: telegram records, reading-room pages, browsing, exports, CMIF, reconciliation.
- `catalogue`: the SQLite summary of the served telegrams beside the store (lists, search, visualisations).
- `query`: untrusted SPARQL run in killable, sandboxed workers, and answers cut at the row limit.
- `store`: where triples live: the embedded Oxigraph store or a remote SPARQL 1.1 store, behind one interface.
- `sparql`: SPARQL as text, before any engine sees it: the grammar's tokens, the guard, cost estimates, textMatch.

`errors` holds the errors every sub-package may raise.
"""
