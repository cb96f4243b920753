"""The `cablegraph` command line: build, serve, query, validate, extract, export, catalogue and eval.

It sits on top of everything (it runs builds through graph.build and starts the HTTP service in api), and
nothing imports it.
"""
