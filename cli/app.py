"""`cablegraph` command line: build, serve, query, validate, extract, export.

A thin adaptor: each command translates options into calls on `cablegraph.graph`. This module holds the
Typer app, the `serve` command and main(), the `cablegraph` script; the other commands live in
cli/build.py (build, catalogue), cli/query.py (query, validate) and cli/export.py (extract, export,
eval), with what they share in cli/common.py, and are registered on the app here.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cablegraph.cli.build import build, catalogue_command
from cablegraph.cli.common import SANDBOXING, StoreOption, env_help, fail, open_store, out, settings_with
from cablegraph.cli.export import evaluate_command, export, extract
from cablegraph.cli.query import query, validate

app = typer.Typer(
    help="cablegraph: historical telegrams as a knowledge graph.", no_args_is_help=True, add_completion=False
)


def serve(
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option(help=env_help("Address to listen on.", "host"))] = None,
    port: Annotated[int | None, typer.Option(help=env_help("Port to listen on.", "port"))] = None,
    public_url: Annotated[
        str | None, typer.Option(help=env_help("Address the server is published at (behind a proxy).", "public_url"))
    ] = None,
) -> None:
    """Serve the store: SPARQL at /sparql, JSON at /api, HTML at /.

    Links: minted IRIs keep the base the store was built with (CABLEGRAPH_BASE_IRI at build time). Every link the server writes about itself (SPARQL endpoint, API next/prev, pages, reconciliation manifest, dump, sitemap) uses CABLEGRAPH_PUBLIC_URL when set, else the address each request came to. When that address is not the build's base, a warning says so: minted IRIs will not dereference there; rebuild with CABLEGRAPH_BASE_IRI set to it, or set CABLEGRAPH_PUBLIC_URL.

    Every limit and setting is an environment variable CABLEGRAPH_* (see the README's Configuration).
    """
    from cablegraph.api.server import serve as run_server

    try:
        settings = settings_with(store, host=host, port=port, public_url=public_url)
    except ValueError as error:
        raise fail(f"invalid setting: {error}") from error
    open_store(settings, store)  # fail here, with where and why, not in the server's start-up (closed at once)
    if settings.store_url:
        from cablegraph.api.deps import open_remote_catalogue
        from cablegraph.graph.catalogue.database import CatalogueError

        try:
            open_remote_catalogue(settings).close()
        except CatalogueError as error:
            raise fail(str(error)) from error
    url = f"http://{settings.host}:{settings.port}/"
    out.print(f"cablegraph serving {settings.store_url or settings.store} at [bold]{url}[/] (SPARQL: {url}sparql)")
    out.print(
        f"limits: query {settings.query_timeout_s:g} s, {settings.max_rows} rows, {settings.query_workers} workers"
        f" + queue {settings.query_queue}, request head {settings.header_timeout_s:g} s"
    )
    run_server(settings)


# In the order of `cablegraph --help`, as when each was decorated where it was defined.
app.command()(build)
app.command()(serve)
app.command(name="catalogue")(catalogue_command)
app.command()(query)
app.command()(validate)
app.command()(extract)
app.command()(export)
app.command(name="eval")(evaluate_command)


def main() -> None:
    SANDBOXING.own_process = True  # the command is the whole process, so its sandbox may be too
    app()


if __name__ == "__main__":
    main()
