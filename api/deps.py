"""What routes need, gathered once per app: settings, the store, IRIs, the record reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from fastapi import Request

from cablegraph.api.caching import Answers
from cablegraph.api.limits import ClientBudget, ClientSlots, HeavyLane
from cablegraph.api.links import origin_warning
from cablegraph.api.settings import Settings
from cablegraph.graph.catalogue.database import Catalogue, CatalogueError
from cablegraph.graph.query.pool import QueryPool
from cablegraph.graph.sparql.guard import QueryLimits
from cablegraph.graph.store.build_base import minted_bases
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore
from cablegraph.graph.views.describe import Dump, nquads_dump
from cablegraph.graph.views.records import RecordReader
from cablegraph.ontology import IriMinter


@dataclass
class Services:
    settings: Settings
    store: GraphStore | RemoteGraphStore
    pool: QueryPool | None = None
    budget: ClientBudget = field(init=False)
    slots: ClientSlots = field(init=False)
    heavy_lane: HeavyLane = field(init=False)
    _answers: Answers = field(init=False)
    _answers_version: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.budget = ClientBudget(self.settings.client_query_seconds, self.settings.client_errors)
        self.slots = ClientSlots(self.settings.client_concurrent)
        self.heavy_lane = HeavyLane(self.settings.query_heavy_workers)
        self._answers = Answers()

    @property
    def answers(self) -> Answers:
        """Answers kept for the catalogue's present version: a build that changes it empties them."""
        version = self.catalogue.version
        if version != self._answers_version:
            self._answers, self._answers_version = Answers(), version
        return self._answers

    @cached_property
    def minted_bases(self) -> list[str]:
        """The bases the store's IRIs were minted with (one, normally; none for an empty store)."""
        return minted_bases(self.store)

    @cached_property
    def minter(self) -> IriMinter:
        """The base the store was built with, whatever `base_iri` says now: IRIs are looked up as
        they were minted (the setting counts for an empty store, and picks one of several bases)."""
        bases = self.minted_bases
        return IriMinter(self.settings.base_iri if not bases or self.settings.base_iri in bases else bases[0])

    def base_warnings(self) -> list[str]:
        """What to say at start about the bases: a setting the store disagrees with, mixed bases,
        a public URL other than the minted base."""
        said = []
        bases, base = self.minted_bases, self.minter.base
        if len(bases) > 1:
            said.append(
                f"the store holds IRIs minted under several bases ({', '.join(bases)}); serving those under {base}. "
                "Rebuild into an empty store with one CABLEGRAPH_BASE_IRI."
            )
        elif bases and "base_iri" in self.settings.model_fields_set and self.settings.base_iri != base:
            said.append(
                f"CABLEGRAPH_BASE_IRI is {self.settings.base_iri} but the store was built with {base}: its IRIs keep that "
                "base (the base is fixed when the store is built; rebuild with the new one to change them)."
            )
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
        """A remote store's: the file its build wrote, opened read-only; a server never reads it back
        from the engine (a scan of every telegram). An embedded store's: opened and brought level
        with the store once per app (cheap when a build already did it; made when missing)."""
        if isinstance(self.store, RemoteGraphStore):
            return open_remote_catalogue(self.settings)
        path = self.settings.catalogue
        if path is None and self.store.path is not None:
            catalogue = Catalogue.beside(self.store.path)
        else:
            catalogue = Catalogue(path)
        catalogue.refresh(self.store, self.minter)
        return catalogue

    @property
    def etag(self) -> str:
        """Changes whenever the served data does: every document graph's text checksum and build
        fingerprint, as the catalogue read them (the same for every server of one catalogue)."""
        return f'"{self.catalogue.version}"'

    @cached_property
    def dump(self) -> Dump:
        return nquads_dump(self.store)

    @cached_property
    def query_limits(self) -> QueryLimits:
        return QueryLimits(self.settings.max_query_length, self.settings.max_query_nesting)


def open_remote_catalogue(settings: Settings) -> Catalogue:
    """The catalogue `cablegraph build` keeps for the remote store, read-only; a CatalogueError
    saying what is wrong and which command makes it."""
    remedy = (
        f"`cablegraph build PATH...` with CABLEGRAPH_STORE_URL={settings.store_url} and CABLEGRAPH_CATALOGUE set writes it "
        "(`cablegraph catalogue` makes it from the store alone); a server never reads it back from a remote store"
    )
    if settings.catalogue is None:
        raise CatalogueError(
            f"a remote store is served with the catalogue its build wrote: set CABLEGRAPH_CATALOGUE to that file. {remedy}"
        )
    try:
        return Catalogue.open_read_only(settings.catalogue)
    except CatalogueError as error:
        raise CatalogueError(f"{error} (CABLEGRAPH_CATALOGUE). {remedy}") from None


async def get_services(request: Request) -> Services:
    """Async, so FastAPI calls it on the event loop: a plain function would cost a thread hop per request."""
    services: Services = request.app.state.services
    return services
