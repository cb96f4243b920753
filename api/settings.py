"""Settings, declared once: every field is a `CABLEGRAPH_*` environment variable.

The README's configuration table lists these fields; a test keeps them in step.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cablegraph.graph.store.bulk_virtuoso import VirtuosoBulkLoader
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CABLEGRAPH_", extra="ignore")

    store: Path = Field(default=Path("var/store"), description="Directory of the embedded Oxigraph store.")
    store_url: str | None = Field(
        default=None,
        description="SPARQL query URL of a remote store (Oxigraph server, Fuseki, ...); replaces the embedded store.",
    )
    store_gsp_url: str | None = Field(
        default=None, description="Graph Store Protocol URL of the remote store, for builds."
    )
    store_user: str | None = Field(
        default=None,
        description="User for the remote store's Graph Store Protocol (HTTP digest auth, as Virtuoso asks).",
    )
    store_password: str | None = Field(default=None, description="Password for that user.")
    store_union_parameter: str | None = Field(
        default="union-default-graph",
        description="Query parameter asking the remote engine for the union default graph (Oxigraph); empty for engines that do it by default (Virtuoso).",
    )
    bulk_load: str | None = Field(
        default=None,
        description="The remote engine's own bulk loader for fresh and large builds: `virtuoso` (N-Quads files loaded by its ld_add/rdf_loader_run through isql). Unset: one Graph Store Protocol request per document. The embedded store always bulk loads such builds (`build --bulk off` to not).",
    )
    bulk_load_dir: Path | None = Field(
        default=None,
        description="Folder the build writes bulk-load files to; the engine must be allowed to read it (Virtuoso's DirsAllowed).",
    )
    bulk_load_engine_dir: str | None = Field(
        default=None,
        description="That folder as the engine sees it, when it differs (another machine's mount, a container); default: the same path.",
    )
    store_sql: str = Field(
        default="127.0.0.1:1111",
        description="host:port of the remote engine's SQL port, for its bulk loader (Virtuoso's ServerPort).",
    )
    isql: str = Field(
        default="isql-vt", description="Virtuoso's SQL client, which runs its bulk loader (Debian's isql-vt)."
    )
    catalogue: Path | None = Field(
        default=None,
        description="SQLite catalogue behind lists, search and visualisations, written by `build` (default: beside the embedded store); a remote store needs it set, and its servers open it read-only.",
    )
    base_iri: str = Field(
        default="http://127.0.0.1:8000/",
        description="Base of every minted IRI, fixed when the store is built (`serve` uses the base the store was built with); ends with '/'.",
    )
    public_url: str | None = Field(
        default=None,
        description="Address the server is reached at (behind a proxy, e.g. https://example.org/cablegraph/): every link it writes about itself starts with it. Unset: the address each request came to.",
    )
    host: str = Field(default="127.0.0.1", description="Address `serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `serve` listens on.")
    authority_files: list[Path] = Field(default_factory=list, description="Extra people/posts TOML files (JSON list).")
    gazetteer_files: list[Path] = Field(default_factory=list, description="Extra gazetteer TOML files (JSON list).")
    max_query_length: int = Field(default=65_536, ge=100, description="Longest SPARQL query accepted, in characters.")
    max_query_nesting: int = Field(default=100, ge=5, description="Deepest bracket nesting accepted in a SPARQL query.")
    max_rows: int = Field(
        default=10_000, ge=1, description="Most rows a SELECT answer carries; truncation is signalled."
    )
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="Largest request body accepted.")
    cors_origins: list[str] = Field(default_factory=lambda: ["*"], description="Origins allowed by CORS (JSON list).")
    union_default_graph: bool = Field(
        default=True,
        description="Query the union of all named graphs as the default graph (else the store's own default graph).",
    )
    query_timeout_s: float = Field(
        default=30.0, gt=0, description="Wall-clock limit of one SPARQL query; the worker is killed beyond it (503)."
    )
    query_memory_mb: int = Field(
        default=1024,
        ge=64,
        description="Resident memory one query worker may reach; beyond it the query is stopped and the worker replaced (503).",
    )
    extract_timeout_s: float = Field(
        default=30.0,
        ge=0,
        description="Wall-clock budget of one document's extraction in a build; past it the document is held back (0: none).",
    )
    query_workers: int = Field(
        default=3,
        ge=0,
        description="Query worker processes besides the heavy ones; long queries may take all but one, kept for short ones (0: run queries in the server process, no timeout).",
    )
    query_heavy_workers: int = Field(
        default=1,
        ge=0,
        description="Extra worker processes for queries that run past `query_light_s`; one past it while these are taken is stopped (503).",
    )
    query_light_s: float = Field(
        default=1.0, gt=0, description="CPU time after which a query counts as heavy and needs a heavy worker."
    )
    query_inline_ms: float = Field(
        default=2.0,
        ge=0,
        description="A query that ran in a worker within this much CPU time (and answered in at most 256 KiB) runs in the server process next time, with no process hop (0: never).",
    )
    query_queue: int = Field(
        default=64,
        ge=0,
        description="Queries that may wait for a worker; beyond it the client with the most waiting gives way (503 + Retry-After).",
    )
    client_query_seconds: float = Field(
        default=60.0, gt=0, description="Query seconds one client may use per minute (429 beyond)."
    )
    client_errors: int = Field(
        default=30, ge=1, description="Failed queries one client may make per minute (429 beyond)."
    )
    client_concurrent: int = Field(
        default=4, ge=1, description="Queries one client may have running or waiting at once (429 beyond)."
    )
    header_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="Time a client has to send a complete request head before the connection is closed.",
    )
    body_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="Time a client has to send a declared request body; beyond it 408 and the connection is closed.",
    )
    max_request_line_bytes: int = Field(
        default=262_144,
        ge=1024,
        description="Longest request line (method, URL, version) accepted, in bytes; 414 beyond, before the HTTP parser.",
    )
    max_header_bytes: int = Field(
        default=65_536,
        ge=1024,
        description="Most bytes of request headers accepted after the request line; 431 beyond.",
    )
    access_log: bool = Field(
        default=False,
        description="Log every request (uvicorn's access log). Off by default: at thousands of requests a second the log line costs the server more than a lookup does.",
    )

    @field_validator("public_url")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        """An http(s) URL without query or fragment, ending with '/' (added when missing)."""
        if not value:
            return None
        if not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", value):
            raise ValueError(
                f"public_url must be an http(s) URL such as https://example.org/cablegraph/, not {value!r}"
            )
        return value if value.endswith("/") else value + "/"

    def bulk_loader(self) -> VirtuosoBulkLoader | None:
        """The remote engine's bulk loader these settings name, or None (per-graph requests)."""
        if not self.bulk_load:
            return None
        if self.bulk_load.lower() != "virtuoso":
            raise ValueError(f"CABLEGRAPH_BULK_LOAD={self.bulk_load!r}: the bulk loader known is 'virtuoso' (or unset)")
        if self.bulk_load_dir is None:
            raise ValueError(
                "CABLEGRAPH_BULK_LOAD=virtuoso needs CABLEGRAPH_BULK_LOAD_DIR, a folder Virtuoso may read (DirsAllowed)"
            )
        if not self.store_user:
            raise ValueError(
                "CABLEGRAPH_BULK_LOAD=virtuoso runs the loader as CABLEGRAPH_STORE_USER (e.g. dba): set it and its password"
            )
        return VirtuosoBulkLoader(
            self.bulk_load_dir,
            self.store_sql,
            self.store_user,
            self.store_password or "",
            engine_folder=self.bulk_load_engine_dir,
            isql=self.isql,
        )

    def open_store(self, read_only: bool = False) -> GraphStore | RemoteGraphStore:
        """The embedded store at `store`, or the remote store when `store_url` is set."""
        if self.store_url:
            credentials = (self.store_user, self.store_password or "") if self.store_user else None
            return RemoteGraphStore(
                self.store_url,
                self.store_gsp_url,
                timeout_s=self.query_timeout_s,
                read_only=read_only,
                union_parameter=self.store_union_parameter or None,
                credentials=credentials,
                bulk_loader=None if read_only else self.bulk_loader(),
            )
        return GraphStore.open(self.store, read_only=read_only)
