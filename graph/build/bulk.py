"""Which documents a build hands to the engine's bulk loader, in batches of whole documents.

Why: a build of many new documents spent most of its writing time on one transaction per
document (the write-ahead log, then compaction after compaction of a growing store). A store that
can bulk load (`bulk_load_nquads`: the embedded store, graph/store/embedded.py; a remote store with a bulk
loader configured, graph/store/bulk_virtuoso.py) takes new documents a batch at a time instead. What
stays per document, as before: a graph the store already holds is replaced in its own
transaction (a bulk load adds quads, it cannot replace a graph), and so is every document of a
small incremental build. A batch is loaded whole or not at all, so a killed build keeps every
batch it committed and each document is whole or absent.

When (mode `auto`): every new document of a build into a store that holds no document yet (a
fresh build, or the rest of one that was killed before its first batch); on a store that holds
documents, once a build has `min_documents` new documents waiting (a large build), and not
before: the few new documents of an incremental build go one transaction each.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

MIN_DOCUMENTS = 200  # new documents waiting before a build on a store that holds documents bulk loads


class BulkMode(StrEnum):
    AUTO = "auto"  # fresh or large builds (above)
    ALWAYS = "always"  # every new document, whatever the build's size
    OFF = "off"  # one transaction (or one Graph Store Protocol request) per document


class Loadable(Protocol):
    """What the batcher needs of a prepared document (preparation.Prepared, read-only)."""

    @property
    def graph(self) -> str: ...

    @property
    def ntriples(self) -> str | None: ...

    @property
    def triples(self) -> int: ...


class BulkTarget(Protocol):
    """A store that can bulk load: graph/store/embedded.py, or graph/store/remote.py with a bulk loader."""

    bulk_batch_quads: int

    def bulk_load_nquads(self, data: bytes, graphs: list[str]) -> None: ...

    def recover_bulk_load(self) -> list[str]: ...


def can_bulk_load(store: object) -> bool:
    """Whether `store` has a bulk loader (a remote store only when one is configured)."""
    return callable(getattr(store, "bulk_load_nquads", None)) and bool(getattr(store, "bulk_batch_quads", 0))


def as_nquads(ntriples: str, graph: str) -> str:
    """N-Triples as N-Quads in `graph`. Every N-Triples line ends with " .\\n", and nowhere else does
    that sequence occur (a literal writes its line breaks as \\n), so one replace does it."""
    return ntriples.replace(" .\n", f" <{graph}> .\n")


def nquads_of(items: Sequence[Loadable]) -> bytes:
    return "".join(as_nquads(item.ntriples or "", item.graph) for item in items).encode("utf-8")


T = TypeVar("T")


@dataclass
class Work(Generic[T]):
    """What the loading thread is handed next: one batch for the bulk loader, or one document for
    its own transaction."""

    items: list[T]
    bulk: bool
    quads: int = 0


@dataclass
class Batcher(Generic[T]):
    """Collects the new documents of a build into batches of at most `batch_quads` quads.

    `add` takes each prepared document meant for the bulk loader, with its `Loadable`; it answers
    the work now ready, in order. `close` answers the rest at the end of the build."""

    mode: BulkMode
    batch_quads: int
    fresh: bool  # the store held no document when the build started
    min_documents: int | None = None  # default MIN_DOCUMENTS
    _waiting: list[tuple[T, int]] = field(default_factory=list)
    _quads: int = 0
    bulk: bool = False  # decided: this build bulk loads

    def __post_init__(self) -> None:
        if self.min_documents is None:
            self.min_documents = MIN_DOCUMENTS
        self.bulk = self.mode is BulkMode.ALWAYS or (self.mode is BulkMode.AUTO and self.fresh)
        self.loaded_in_bulk = 0  # documents handed to the bulk loader

    def add(self, item: T, quads: int) -> Iterator[Work[T]]:
        if self.mode is BulkMode.OFF or quads > self.batch_quads:
            yield Work([item], bulk=False)  # e.g. one document over a whole batch: its own transaction
            return
        if self.bulk and self._waiting and self._quads + quads > self.batch_quads:
            yield self._batch()
        self._waiting.append((item, quads))
        self._quads += quads
        assert self.min_documents is not None  # set by __post_init__
        if not self.bulk and len(self._waiting) >= self.min_documents:
            self.bulk = True  # a large build: what waited is the first batch
            yield from self._batches()

    def close(self) -> Iterator[Work[T]]:
        """The documents still waiting: a last batch, or (a small build) one transaction each."""
        if self.bulk:
            yield from self._batches(last=True)
        else:
            for item, _ in self._waiting:
                yield Work([item], bulk=False)
            self._waiting, self._quads = [], 0

    def _batches(self, last: bool = False) -> Iterator[Work[T]]:
        """Everything waiting, cut into batches; a part-filled last one waits for more unless `last`."""
        waiting, self._waiting, self._quads = self._waiting, [], 0
        for item, quads in waiting:
            if self._waiting and self._quads + quads > self.batch_quads:
                yield self._batch()
            self._waiting.append((item, quads))
            self._quads += quads
        if last and self._waiting:
            yield self._batch()

    def _batch(self) -> Work[T]:
        work = Work([item for item, _ in self._waiting], bulk=True, quads=self._quads)
        self.loaded_in_bulk += len(work.items)
        self._waiting, self._quads = [], 0
        return work
