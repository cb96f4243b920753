"""From extracted facts to checked named graphs in a store: the build.

Owns the mapping of facts to RDF (one named graph per document, every statement with its evidence), the SHACL
check before anything is loaded, the authority graph, the corpus-level links between telegrams, and the ingest
pipeline that runs these per document with a time budget and hands them to the store (in transactions, or through
the engine's bulk loader for large builds). May import extract, ontology, shapes, graph.store and graph.catalogue;
nothing that serves (views, query, api) imports it, except the CLI that runs builds.
"""
