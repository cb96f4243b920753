"""Running untrusted SPARQL: killable worker processes with kernel limits, a scheduler by expected cost, and
answers serialised by the engine and cut at the row limit.

May import graph.store (what the workers query) and graph.sparql (what a query text says).
"""
