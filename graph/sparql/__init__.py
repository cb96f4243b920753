"""SPARQL as text, before any engine sees it: tokens as the SPARQL 1.1 grammar defines them, the guard that
refuses SERVICE, updates and deep nesting, the cost estimate the scheduler uses, the `cg:textMatch` rewriting,
and the service description of our endpoint.

Pure text work: imports only ontology and graph.errors.
"""
