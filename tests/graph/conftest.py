"""Live SPARQL engines for the remote-store tests, started here on 127.0.0.1 and stopped at the end.

Virtuoso comes from Debian (`virtuoso-opensource-7-bin`, the server binary of the
`virtuoso-opensource` package without its system service), installed with apt-get when missing
and we are root, as the browser tests install Chromium; where it cannot be installed its tests
skip, saying why. Each session gets a new database in a temporary folder, a minimal
`virtuoso.ini` written below, and free ports; docs/big-stores.md is the same recipe for operators.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

VIRTUOSO_PACKAGE = "virtuoso-opensource-7-bin"
PRIVATE_GRAPHS = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"
# Run once on the new database: every graph it was born with (Virtuoso's quad-map schema, the LDP
# vocabulary, its service description) becomes private, and the anonymous SPARQL user may not read
# private graphs; so queries see cablegraph's graphs only, as with any other engine.
HIDE_SYSTEM_GRAPHS = f"""\
DB.DBA.RDF_GRAPH_GROUP_CREATE ('{PRIVATE_GRAPHS}', 1);
SELECT DB.DBA.RDF_GRAPH_GROUP_INS ('{PRIVATE_GRAPHS}', ID_TO_IRI (G)) FROM (SELECT DISTINCT G FROM DB.DBA.RDF_QUAD) AS graphs;
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> str:
    """The least Virtuoso needs: its files in `folder`, both ports on 127.0.0.1, a modest cache,
    answers long enough for a whole telegram graph (ResultSetMaxRows), and ORDER BY with the
    row cap's LIMIT (one past CABLEGRAPH_MAX_ROWS; MaxSortedTopRows is 10,000 by default)."""
    return f"""\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ServerThreads = 10
CheckpointInterval = 0
DirsAllowed = {folder}
MaxSortedTopRows = 100000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass(frozen=True)
class Virtuoso:
    base: str  # http://127.0.0.1:PORT
    sql_port: int
    version: str
    started_s: float  # seconds from launch to a first answer on /sparql

    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"  # digest auth; the unauthenticated one needs SPARQL_UPDATE for everyone

    credentials = ("dba", "dba")  # a new database's administrator


def _install_virtuoso() -> str:
    """virtuoso-t's path, installing Debian's package when it is missing; skip when it cannot be had."""
    found = shutil.which("virtuoso-t")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip(
            f"Virtuoso is not installed and cannot be installed here (needs root and apt-get): "
            f"apt-get install {VIRTUOSO_PACKAGE} to run the Virtuoso tests"
        )
    with open("/tmp/cablegraph-virtuoso-install.lock", "w") as lock:  # test workers install one at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not shutil.which("virtuoso-t"):
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", VIRTUOSO_PACKAGE]
            done = subprocess.run(install, capture_output=True, timeout=900, env=env)
            if done.returncode != 0:  # an old package list: update it once and try again
                subprocess.run(["apt-get", "update", "-q"], capture_output=True, timeout=600, env=env)
                done = subprocess.run(install, capture_output=True, timeout=900, env=env)
            if done.returncode != 0:
                pytest.skip(
                    f"Debian's {VIRTUOSO_PACKAGE} could not be installed: {done.stderr.decode(errors='replace')[-500:]}"
                )
    found = shutil.which("virtuoso-t")
    if not found:
        pytest.fail(f"apt-get installed {VIRTUOSO_PACKAGE} but virtuoso-t is not on PATH", pytrace=False)
    return found


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A new Virtuoso database on 127.0.0.1, its system graphs hidden; stopped when the session ends."""
    binary = _install_virtuoso()
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(virtuoso_ini(folder, sql_port, http_port), encoding="utf-8")
    started = time.monotonic()
    process = subprocess.Popen(
        [binary, "-f", "-c", "virtuoso.ini"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        version = _wait_for(base, process, folder)
        started_s = time.monotonic() - started
        isql = shutil.which("isql-vt") or shutil.which("isql")
        setup = folder / "hide-system-graphs.sql"
        setup.write_text(HIDE_SYSTEM_GRAPHS, encoding="utf-8")
        done = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", str(setup)], capture_output=True, timeout=60
        )
        output = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
        assert done.returncode == 0 and "Error" not in output, f"Virtuoso set-up failed:\n{output[-2000:]}"
        yield Virtuoso(base, sql_port, version, started_s)
    finally:
        process.terminate()  # Virtuoso checkpoints and stops on SIGTERM
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _wait_for(base: str, process: subprocess.Popen, folder: Path) -> str:
    """The server's version once /sparql answers; a failure quotes Virtuoso's own log."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            response = httpx.post(f"{base}/sparql", data={"query": "ASK {}"}, timeout=5)
            if response.status_code == 200:
                return response.headers.get("server", "Virtuoso")
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    log = folder / "virtuoso.log"
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
    pytest.fail(f"Virtuoso did not answer on {base}/sparql (exit status {process.poll()}):\n{tail}", pytrace=False)
