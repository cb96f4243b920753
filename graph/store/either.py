"""Either store: what a caller holds when it does not care whether triples are embedded or remote.

The embedded store (embedded.py) and a store over HTTP (remote.py) answer the same methods for reading and
writing named graphs; they share no base class, so code written for both (the build, the views, the query
executor) is typed against this union.
"""

from typing import TypeAlias

from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore

AnyStore: TypeAlias = GraphStore | RemoteGraphStore
