"""Read models: what the service shows of the graph, read back from the store and the catalogue.

Telegram records (BRIEF §4), the reading room's statements with evidence, browsing lists, people and places,
the visualisations' named queries, linked-data descriptions (VoID, DCAT), exports (dumps, GEXF, GraphML, CSV,
CMIF), reconciliation and the accuracy harness. May import graph.store, graph.catalogue, ontology and extract's
plain data types; never graph.build (reading must not depend on how graphs are written).
"""
