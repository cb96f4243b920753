"""The data files extraction consults: the ones shipped in the package, then the user's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from cablegraph.extract.errors import AuthorityError


def data_sources(shipped: Iterable[str], extra_files: Iterable[str | Path] = ()) -> Iterator[tuple[str, str]]:
    """(text, source name) of each shipped file in `cablegraph.extract.data`, then of each extra file."""
    package = resources.files("cablegraph.extract.data")
    for name in shipped:
        yield package.joinpath(name).read_text(encoding="utf-8"), f"cablegraph/extract/data/{name}"
    for extra in extra_files:
        try:
            text = Path(extra).read_text(encoding="utf-8")
        except OSError as error:
            raise AuthorityError(str(extra), f"cannot read: {error.strerror or error}") from error
        yield text, str(extra)
