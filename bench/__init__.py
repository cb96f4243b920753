"""Benchmarks of cablegraph at archive scale, beside its peers (issue 8).

`python -m bench` generates a synthetic corpus (`bench.corpus`), builds it, serves it with
cablegraph, rdflib-endpoint and `oxigraph serve`, measures, and writes bench/results.md and
bench/results.json. Nothing here is imported by the package itself.
"""
