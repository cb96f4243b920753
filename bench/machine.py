"""What the numbers were measured on: CPU, cores, memory, load, software versions, commit.

Read from /proc and importlib.metadata so a results file can be compared with another
machine's without guessing.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PACKAGES = ("cablegraph", "pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "pyshacl", "fastapi", "uvicorn",
            "starlette", "pydantic", "httpx", "psutil")  # fmt: skip


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    memory_gib: float
    load_at_start: tuple[float, ...]
    kernel: str
    python: str
    date: str
    commit: str
    dirty: bool
    versions: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return 0.0


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def package_versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def head() -> str:
    """The commit checked out now: the harness runs `cablegraph` from the working tree, so a
    step measures the code of the moment it starts, which may differ from the run's first step."""
    return _git("rev-parse", "--short", "HEAD") or "unknown"


def describe() -> Machine:
    return Machine(
        cpu=_cpu_model(),
        cores=os.cpu_count() or 0,
        memory_gib=_memory_gib(),
        load_at_start=tuple(round(x, 2) for x in os.getloadavg()),
        kernel=platform.release(),
        python=sys.version.split()[0],
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        commit=head(),
        dirty=bool(_git("status", "--porcelain", "--untracked-files=no")),
        versions=package_versions(),
    )
