"""Virtuoso's own bulk loader for a remote store's fresh or large builds.

Why: through the Graph Store Protocol every document is one HTTP request (at 50 ms each, two
million telegrams are 28 hours of round trips before the engine does any work). Virtuoso loads
files it can read itself far faster: a batch of documents is written as one N-Quads file into a
folder the engine may read (its `DirsAllowed`), registered with `ld_add` and loaded by
`rdf_loader_run`, both called through `isql` (Virtuoso's SQL client, Debian's `isql-vt`) on the
engine's SQL port. Graph names travel in the quads, so one file holds many documents.

What a kill costs: Virtuoso's loader commits as it goes, so a batch cut short may leave documents
part-loaded. Before handing a file over, the loader writes a journal naming the batch's graphs
beside the files; it is removed once the engine has loaded the batch. The next build finds it and
drops those graphs (`recover`), and builds them again. At the end of a build a `checkpoint` makes
the loaded data durable (the loader does not write Virtuoso's transaction log).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from cablegraph.graph.errors import StoreError

JOURNAL = "cablegraph-bulk-journal.json"  # the batch the engine is loading, in the bulk-load folder
_MARK = "cablegraph-load"  # first column of the status row, to find it in isql's output


class VirtuosoBulkLoader:
    batch_quads = 1_000_000  # quads per file: a few hundred documents, one `isql` call each

    def __init__(
        self,
        folder: str | Path,
        sql_address: str,
        user: str,
        password: str,
        engine_folder: str | None = None,
        isql: str = "isql-vt",
        timeout_s: float = 3600.0,
    ) -> None:
        self.folder = Path(folder)
        self.engine_folder = PurePosixPath(
            engine_folder or str(self.folder.resolve())
        )  # where Virtuoso finds the files
        self.sql_address, self.user, self.password = sql_address, user, password
        self.isql = isql
        self.timeout_s = timeout_s
        self.loaded = 0  # batches loaded since the last checkpoint

    def load(self, data: bytes, graphs: list[str], drop: Callable[[str], None]) -> None:
        """Have the engine load `data` (N-Quads of new graphs); on failure the batch's graphs are
        dropped again (a part of the file may have loaded) and StoreError says why."""
        if not self.folder.is_dir():
            raise StoreError(f"the bulk-load folder {self.folder} does not exist (CABLEGRAPH_BULK_LOAD_DIR)")
        name = f"cablegraph-{os.getpid()}-{uuid.uuid4().hex[:12]}.nq"
        local, remote = self.folder / name, self.engine_folder / name
        with open(local, "wb") as handle:
            handle.write(data)
        self._write_journal(name, graphs)
        try:
            state, error = self._run_loader(str(remote))
            if state != "2" or error not in ("", "NULL"):
                why = (
                    error
                    if error not in ("", "NULL")
                    else (
                        f"the engine left it in state {state or 'unknown'}: can it read {remote}? (Virtuoso's DirsAllowed)"
                    )
                )
                for graph in graphs:
                    drop(graph)
                raise StoreError(f"Virtuoso's bulk loader did not load {len(graphs)} graph(s) from {remote}: {why}")
        finally:
            local.unlink(missing_ok=True)
        self._forget(str(remote))
        (self.folder / JOURNAL).unlink(missing_ok=True)
        self.loaded += 1

    def recover(self, drop: Callable[[str], None]) -> list[str]:
        """Drop the graphs of a batch an earlier build left unfinished (its journal is still here)."""
        journal = self.folder / JOURNAL
        if not journal.exists():
            return []
        entry = json.loads(journal.read_text(encoding="utf-8"))
        for graph in entry["graphs"]:
            drop(graph)
        (self.folder / entry["file"]).unlink(missing_ok=True)
        self._forget(str(self.engine_folder / entry["file"]))
        journal.unlink()
        return list(entry["graphs"])

    def finish(self) -> None:
        """Make what the loader wrote durable: it bypasses the transaction log until a checkpoint."""
        if self.loaded:
            self._isql("checkpoint;")
            self.loaded = 0

    def _write_journal(self, name: str, graphs: list[str]) -> None:
        temporary = self.folder / (JOURNAL + ".tmp")
        temporary.write_text(json.dumps({"file": name, "graphs": graphs}), encoding="utf-8")
        temporary.replace(self.folder / JOURNAL)  # a kill mid-write leaves the previous journal, or none

    def _run_loader(self, remote: str) -> tuple[str, str]:
        """(ll_state, ll_error) of the file after `rdf_loader_run`: 2 and NULL when it loaded."""
        file = _sql_string(remote)
        output = self._isql(
            f"DELETE FROM DB.DBA.load_list WHERE ll_file = {file}; ld_add({file}, 'urn:cablegraph:bulk-default'); "
            f"rdf_loader_run(); SELECT '{_MARK}', ll_state, ll_error FROM DB.DBA.load_list WHERE ll_file = {file};"
        )
        for line in output.splitlines():
            if line.startswith(_MARK):
                parts = line[len(_MARK) :].strip().split(None, 1)
                return parts[0], (parts[1].strip() if len(parts) > 1 else "")
        return "", f"no status row from isql: {output.strip()[-300:]}"

    def _forget(self, remote: str) -> None:
        self._isql(f"DELETE FROM DB.DBA.load_list WHERE ll_file = {_sql_string(remote)};")

    def _isql(self, statements: str) -> str:
        binary = shutil.which(self.isql) or self.isql
        command = [
            binary,
            self.sql_address,
            self.user,
            self.password,
            "VERBOSE=OFF",
            "BANNER=OFF",
            "PROMPT=OFF",
            "ECHO=OFF",
            "ERRORS=STDOUT",
            f"exec={statements}",
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout_s, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise StoreError(f"cannot run Virtuoso's SQL client {self.isql!r} (CABLEGRAPH_ISQL): {error}") from error
        if done.returncode != 0 or "*** Error" in done.stdout:
            detail = (
                (done.stdout + done.stderr).strip().replace(self.password, "***")
                if self.password
                else (done.stdout + done.stderr).strip()
            )
            raise StoreError(f"Virtuoso at {self.sql_address} refused the bulk load: {detail[-500:]}")
        return done.stdout


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
