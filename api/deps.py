"""What routes need, gathered once per app: settings, the store, IRIs, the record reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from fastapi import Request

from cablegraph.api.caching import Answers
from cablegraph.api.links import origin_warning
from cablegraph.api.limits import ClientBudget, ClientSlots
from cablegraph.api.settings import Settings
from cablegraph.graph.build_base import minted_bases
from cablegraph.graph.catalogue import Catalogue
from cablegraph.graph.describe import Dump, nquads_dump
from cablegraph.graph.query_guard import QueryLimits
from cablegraph.graph.query_pool import QueryPool
from cablegraph.graph.records import RecordReader
from cablegraph.graph.store import GraphStore
from cablegraph.ontology import IriMinter


@dataclass
class Services:
    settings: Settings
    store: GraphStore
    pool: QueryPool | None = None
    budget: ClientBudget = field(init=False)
    slots: ClientSlots = field(init=False)
    answers: Answers = field(init=False)

    def __post_init__(self) -> None:
        self.budget = ClientBudget(self.settings.client_query_seconds, self.settings.client_errors)
        self.slots = ClientSlots(self.settings.client_concurrent)
        self.answers = Answers()

    @cached_property
    def minted_bases(self) -> list[str]:
        """The bases the store's IRIs were minted with (one, normally; none for an empty store)."""
        return minted_bases(self.store)

    @cached_property
    def minter(self) -> IriMinter:
        """The base the store was built with, whatever `base_iri` says now: IRIs are looked up as
        they were minted (the setting counts for an empty store, and picks one of several bases)."""
        bases = self.minted_bases
        if not bases or self.settings.base_iri in bases:
            return IriMinter(self.settings.base_iri)
        return IriMinter(bases[0])

    def base_warnings(self) -> list[str]:
        """What to say at start about the bases: a setting the store disagrees with, mixed bases,
        a public URL other than the minted base."""
        said = []
        bases, base = self.minted_bases, self.minter.base
        if len(bases) > 1:
            said.append(f"the store holds IRIs minted under several bases ({', '.join(bases)}); serving those under {base}. "
                        "Rebuild into an empty store with one CABLEGRAPH_BASE_IRI.")
        elif bases and "base_iri" in self.settings.model_fields_set and self.settings.base_iri != base:
            said.append(f"CABLEGRAPH_BASE_IRI is {self.settings.base_iri} but the store was built with {base}: its IRIs keep that "
                        "base (the base is fixed when the store is built; rebuild with the new one to change them).")
        if self.settings.public_url:
            warning = origin_warning(base, self.settings.public_url, public=True)
            if warning:
                said.append(warning)
        return said

    @cached_property
    def records(self) -> RecordReader:
        return RecordReader(self.store, self.minter)

    @cached_property
    def catalogue(self) -> Catalogue:
        """Opened and brought level with the store once per app (cheap when a build already did it)."""
        path = self.settings.catalogue
        if path is None and getattr(self.store, "path", None) is not None:
            catalogue = Catalogue.beside(self.store.path)
        else:
            catalogue = Catalogue(path)
        catalogue.refresh(self.store, self.minter)
        return catalogue

    @cached_property
    def etag(self) -> str:
        """Changes whenever the served data does (the store is read-only while served): every
        document graph's text checksum and build fingerprint, as the catalogue read them."""
        return f'"{self.catalogue.version}"'

    @cached_property
    def dump(self) -> Dump:
        return nquads_dump(self.store)

    @cached_property
    def query_limits(self) -> QueryLimits:
        return QueryLimits(self.settings.max_query_length, self.settings.max_query_nesting)


async def get_services(request: Request) -> Services:
    """Async, so FastAPI calls it on the event loop: a plain function would cost a thread hop per request."""
    return request.app.state.services
