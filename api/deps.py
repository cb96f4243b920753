"""What routes need, gathered once per app: settings, the store, IRIs, the record reader."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from fastapi import Request

from cablegraph.api.settings import Settings
from cablegraph.graph.query_guard import QueryLimits
from cablegraph.graph.records import RecordReader
from cablegraph.graph.store import GraphStore
from cablegraph.ontology import IriMinter


@dataclass
class Services:
    settings: Settings
    store: GraphStore

    @cached_property
    def minter(self) -> IriMinter:
        return IriMinter(self.settings.base_iri)

    @cached_property
    def records(self) -> RecordReader:
        return RecordReader(self.store, self.minter)

    @cached_property
    def query_limits(self) -> QueryLimits:
        return QueryLimits(self.settings.max_query_length, self.settings.max_query_nesting)


def get_services(request: Request) -> Services:
    return request.app.state.services
