"""What every `cablegraph` command shares: the consoles, the settings with the options that override them,
opening the store with an error that says where and why, failing with a message, and the sandbox of a
command that runs the engine in this process.

Separate from cli/app.py, which holds the Typer app and registers the commands of cli/build.py,
cli/query.py and cli/export.py: those modules import this one, and app.py imports them, so that
`python -m cablegraph.cli.app` (which runs app.py as `__main__`) loads each of them once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from cablegraph.api.settings import Settings
from cablegraph.graph.errors import GraphError
from cablegraph.graph.query.sandbox import forbid_network
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def env_help(text: str, name: str) -> str:
    """An option's help with its environment variable and default, read from the settings (one
    source). The bracket is escaped: rich would read `[env …]` as markup and print nothing."""
    default = Settings.model_fields[name].get_default(call_default_factory=True)
    return f"{text} \\[env: CABLEGRAPH_{name.upper()}; default: {default}]"


StoreOption = Annotated[Path | None, typer.Option("--store", help=env_help("Store directory.", "store"))]
BaseOption = Annotated[str | None, typer.Option("--base-iri", help=env_help("Base of minted IRIs.", "base_iri"))]


def settings_with(store: Path | None = None, base_iri: str | None = None, **more: Any) -> Settings:
    """The settings (environment and defaults) with the options given on the command line."""
    overrides = {k: v for k, v in {"store": store, "base_iri": base_iri, **more}.items() if v is not None}
    return Settings(**overrides)


def fail(message: str, code: int = 1) -> typer.Exit:
    """The exit to raise after printing `message` as an error."""
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def check_writable(path: Path) -> None:
    """Fail before any work when an output file cannot be written: where, and why."""
    if path.is_dir():
        raise fail(f"cannot write {path}: it is a folder")
    if not path.parent.exists():
        raise fail(f"cannot write {path}: the folder {path.parent} does not exist")


def fail_if_missing(paths: list[Path]) -> None:
    """Fail when any of the files or folders named on the command line does not exist."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"no such file or folder: {', '.join(missing)}")


def _store_origin(option: Path | None) -> str:
    if option is not None:
        return "given by --store"
    if os.environ.get("CABLEGRAPH_STORE"):
        return "from CABLEGRAPH_STORE"
    return "the default, relative to the current folder; set --store or CABLEGRAPH_STORE"


def open_store(settings: Settings, option: Path | None, read_only: bool = True) -> GraphStore | RemoteGraphStore:
    """The store, or an error saying where it was looked for, why there, and what is wrong with it."""
    if settings.store_url:
        try:
            return settings.open_store(read_only=read_only)
        except (GraphError, OSError, ValueError) as error:
            raise fail(
                f"cannot open the remote store at {settings.store_url} (from CABLEGRAPH_STORE_URL): {error}"
            ) from error
    where = settings.store.resolve()
    origin = _store_origin(option)
    if read_only and not where.exists():
        raise fail(
            f"no store at {where} ({origin}): build one first with `cablegraph build PATH --store {settings.store}`"
        )
    if read_only and where.is_dir() and not (where / "CURRENT").exists():
        raise fail(
            f"the folder {where} ({origin}) holds no store: build one there with `cablegraph build PATH --store {settings.store}`"
        )
    try:
        return settings.open_store(read_only=read_only)
    except (GraphError, OSError, ValueError) as error:
        raise fail(f"cannot open the store at {where} ({origin}): {error}") from error


@dataclass
class Sandboxing:
    """Whether the command is the whole process (set by cli/app.py's main(), the `cablegraph` script): only
    then may its sandbox be the process's too."""

    own_process: bool = False


SANDBOXING = Sandboxing()


def sandbox(settings: Settings) -> None:
    """The engine runs in this process for `query` and `export`: forbid it network sockets, so a
    SERVICE call past the guard fails here. Only when the command is the whole process (the
    `cablegraph` script): a seccomp filter cannot be lifted, and an application that calls the
    commands in-process keeps its network. Not with a remote store: the engine runs there, and
    the command talks to it over the network."""
    if SANDBOXING.own_process and not settings.store_url:
        forbid_network()
