"""The base a store's IRIs were minted with, read back from the store itself.

Every build writes the authority graph at `{base}graph/authority` (IriMinter.authority_graph), so
the store records its own base: a server can mint and look up IRIs with the base the data was
built with, and say so when it is reached at another address. Found through a vocabulary label
the authority graph always holds, so that the lookup uses an index even on a remote store.
"""

from __future__ import annotations

from cablegraph.graph.store.protocol import SelectingStore
from cablegraph.ontology import CG, IriMinter

AUTHORITY_PATH = "graph/authority"


def minted_bases(store: SelectingStore) -> list[str]:
    """Every base the store's authority graphs name (one for a store built once; several when
    builds with different `CABLEGRAPH_BASE_IRI` went into the same store), sorted."""
    rows = store.select(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{CG.Telegram}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}",
        union_default_graph=False,
    )
    graphs = (str(row["g"]) for row in rows)
    return sorted({g[: -len(AUTHORITY_PATH)] for g in graphs if g.endswith("/" + AUTHORITY_PATH)})


def store_minter(store: SelectingStore, configured_base: str) -> IriMinter:
    """The minter of the IRIs already in `store`, whatever the setting says now: IRIs are looked up
    and linked as they were minted (the setting counts for an empty store, and picks one of several
    bases). Every command that reads a store uses it, so `export` and the server write the same links."""
    bases = minted_bases(store)
    return IriMinter(configured_base if not bases or configured_base in bases else bases[0])
