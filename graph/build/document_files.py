"""Which files a build reads: the telegram files under the folders and files it is given.

Why separate: finding the files (stable order, hidden folders skipped, symbolic-link loops named)
is asked both by a build (graph/build/pipeline.py) and before one, when the command line counts
what a pruning build would drop; it needs nothing of the extraction or the loading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from cablegraph.extract import DocumentParseError, document_id
from cablegraph.graph.store.either import AnyStore
from cablegraph.ontology import IriMinter

DOCUMENT_SUFFIXES = (".txt",)  # in folders; files named explicitly are read whatever their suffix


def find_documents(paths: Iterable[str | Path], on_loop: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Telegram files under the given files and folders, in a stable order. Symbolic links to
    folders are not followed; one that loops (to itself, or to a folder it is in) is handed to
    `on_loop`, so that the build names it rather than skipping it silently."""
    for path in map(Path, paths):
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in DOCUMENT_SUFFIXES and not _hidden(found, path):
                    yield found
                elif on_loop is not None and found.is_symlink() and not _hidden(found, path) and _loops(found):
                    on_loop(found)
        else:
            yield path


def documents_to_drop(paths: Iterable[str | Path], store: AnyStore, minter: IriMinter) -> tuple[int, list[str]]:
    """How many documents are under `paths`, and the ids of the store's documents that a pruning
    build of them would drop: asked before a build, so a user can confirm or stop it."""
    found: set[str] = set()
    count = 0
    for path in find_documents(paths):
        count += 1
        try:
            found.add(document_id(path))
        except DocumentParseError:
            continue
    stored = (minter.doc_id_of(graph) for graph in store.named_graphs())
    return count, sorted(doc_id for doc_id in stored if doc_id is not None and doc_id not in found)


def _loops(link: Path) -> bool:
    """Whether the link cannot be resolved for a loop, or leads to a folder that contains it."""
    try:
        target = link.resolve(strict=True)
    except (RuntimeError, OSError) as error:  # RuntimeError: Python 3.11's "Symlink loop"; OSError: ELOOP
        return isinstance(error, RuntimeError) or getattr(error, "errno", None) == 40
    return target.is_dir() and link.parent.resolve().is_relative_to(target)


def _hidden(found: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in found.relative_to(root).parts)
