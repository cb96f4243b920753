"""Child processes the harness starts, times and stops: builds, loaders, servers.

Peak memory is the largest sum of RSS over a process and all its descendants, sampled
every 100 ms (build workers and query workers are children). Servers run in their own
process group, bound to 127.0.0.1, and are always stopped, even when a step fails.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _tree(pid: int) -> list[psutil.Process]:
    """A process and its descendants, the process first (empty once it is gone)."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def tree_rss(pid: int) -> int:
    """RSS of a process and its descendants, in bytes (0 once it is gone)."""
    total = 0
    for process in _tree(pid):
        with contextlib.suppress(psutil.Error):
            total += process.memory_info().rss
    return total


@dataclass(frozen=True)
class TreeMemory:
    """Memory of a process tree, in bytes.

    Why more than RSS: RSS counts a page once for every process that maps it (the Python
    libraries, and the engine's files, which the server and each query worker map), so a sum
    of RSS over a server and its workers overstates what they cost together. PSS shares each
    page out among the processes mapping it; the file-backed part of PSS is page cache the
    kernel can drop and read back, the anonymous part is memory the tree holds.
    """

    processes: int
    rss: int
    pss: int
    pss_anon: int
    pss_file: int

    def as_mib(self) -> dict[str, Any]:
        def mib(count: int) -> float:
            return round(count / 2**20, 1)

        return {
            "processes": self.processes,
            "rss_mib": mib(self.rss),
            "pss_mib": mib(self.pss),
            "pss_anon_mib": mib(self.pss_anon),
            "pss_file_mib": mib(self.pss_file),
        }


def tree_memory(pid: int) -> TreeMemory | None:
    """RSS and PSS of a process and its descendants, from /proc/PID/smaps_rollup (None where
    the kernel gives no rollup, or the process is gone)."""
    totals = {"Rss": 0, "Pss": 0, "Pss_Anon": 0, "Pss_File": 0}
    counted = 0
    for process in _tree(pid):
        try:
            with open(f"/proc/{process.pid}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    name, _, rest = line.partition(":")
                    if name in totals:
                        totals[name] += int(rest.split()[0]) * 1024
            counted += 1
        except (OSError, ValueError, IndexError):
            continue
    if not counted:
        return None
    return TreeMemory(counted, totals["Rss"], totals["Pss"], totals["Pss_Anon"], totals["Pss_File"])


def tree_cpu(pid: int) -> float:
    """User + system seconds of a process, its live descendants and the children it has reaped."""
    processes = _tree(pid)
    try:
        times = processes[0].cpu_times()
        total: float = times.children_user + times.children_system
    except (IndexError, psutil.Error):
        return 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


class PeakSampler:
    """Samples a process tree's RSS in a thread until stopped; keeps the peak. With `heartbeat`,
    also calls it with (CPU seconds so far, peak RSS) every `beat` seconds: a run that is killed
    with the harness still leaves its last heartbeat."""

    def __init__(
        self, pid: int, interval: float = 0.1, heartbeat: Callable[[float, int], None] | None = None, beat: float = 10.0
    ) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._heartbeat, self._beat = heartbeat, beat
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        next_beat = time.monotonic() + self._beat
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            if self._heartbeat is not None and time.monotonic() >= next_beat:
                self._heartbeat(tree_cpu(self.pid), self.peak)
                next_beat += self._beat
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


@dataclass
class RunResult:
    command: list[str]
    seconds: float
    peak_rss: int
    returncode: int
    cpu_seconds: float = 0.0  # user + system of the whole tree: what the work costs whatever else runs
    stdout: str = ""
    stderr: str = ""

    @property
    def tail(self) -> str:
        return "\n".join((self.stdout + self.stderr).strip().splitlines()[-6:])


def run_measured(
    command: list[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
    heartbeat: Callable[[float, int], None] | None = None,
) -> RunResult:
    """Run to completion; wall time, CPU time and peak RSS of the whole process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    sampler = PeakSampler(process.pid, heartbeat=heartbeat)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return RunResult(command, seconds, sampler.stop(), process.returncode, cpu, stdout, stderr)


@dataclass
class Server:
    """A server process started by the harness (own process group, loopback only)."""

    name: str
    command: list[str]
    ready_url: str
    env: dict[str, str] | None = None
    log: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    startup_seconds: float = 0.0
    error: str | None = None
    _log_file: object = field(default=None, repr=False)

    def start(self, timeout: float = 600.0) -> bool:
        started = time.monotonic()
        self._log_file = open(self.log, "w") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.error = f"exited with {self.process.returncode} before answering (see {self.log})"
                return False
            try:
                if httpx.get(self.ready_url, timeout=2.0).status_code < 500:
                    self.startup_seconds = time.monotonic() - started
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.error = f"not ready after {timeout:.0f} s"
        self.stop()
        return False

    @property
    def rss(self) -> int:
        """The server and its children (query workers)."""
        return tree_rss(self.process.pid) if self.process and self.process.poll() is None else 0

    @property
    def memory(self) -> TreeMemory | None:
        """The server and its children, RSS and PSS."""
        return tree_memory(self.process.pid) if self.process and self.process.poll() is None else None

    @property
    def own_rss(self) -> int:
        """The server process alone."""
        try:
            return psutil.Process(self.process.pid).memory_info().rss if self.process else 0
        except psutil.Error:
            return 0

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        if hasattr(self._log_file, "close"):
            self._log_file.close()
