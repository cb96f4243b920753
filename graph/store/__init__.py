"""Where triples live: the embedded Oxigraph store, or any SPARQL 1.1 store over HTTP, behind one interface
(named graphs in, SPARQL answers out), plus the conversions between rdflib's and pyoxigraph's terms and the
bulk loaders of both engines. `protocol` is the one shape readers above need of either store (SELECT).

May import graph.sparql (to know a query's form) and ontology; nothing above it.
"""
