"""The harness's memory readings: RSS and PSS over a process tree."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is a top-level folder run as `python -m bench`, not an installed package
    sys.path.insert(0, str(ROOT))

import psutil

from bench.procs import tree_memory

# A parent and a child each map the same 64 MiB file and touch every page, and each holds 32 MiB of its own.
_SCRIPT = """
import mmap, subprocess, sys, time
path, child = sys.argv[1], sys.argv[2] == "child"
with open(path, "rb") as handle:
    view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
sum(view[i] for i in range(0, len(view), 4096))
own = bytearray(32 * 2**20)
for i in range(0, len(own), 4096):
    own[i] = 1
if not child:
    subprocess.Popen([sys.executable, "-c", sys.argv[3], path, "child", sys.argv[3]])
print("ready", flush=True)
time.sleep(30)
"""


def test_pss_counts_a_file_both_processes_map_once_and_rss_twice(tmp_path):
    shared = tmp_path / "shared.bin"
    shared.write_bytes(b"\x01" * (64 * 2**20))
    parent = subprocess.Popen(
        [sys.executable, "-c", _SCRIPT, str(shared), "", _SCRIPT], stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.time() + 30
        memory = None
        while time.time() < deadline:  # both processes mapped the file and filled their own buffer
            memory = tree_memory(parent.pid)
            if memory and memory.processes == 2 and memory.pss_anon > 2 * 30 * 2**20 and memory.pss_file > 60 * 2**20:
                break
            time.sleep(0.2)
        assert memory is not None and memory.processes == 2
        mib = 2**20
        assert memory.rss - memory.pss > 50 * mib  # the file's pages are resident in both, counted once by PSS
        assert 60 * mib < memory.pss_file < 100 * mib  # the 64 MiB file, plus the interpreter's own files shared out
        assert memory.pss_anon > 64 * mib  # two private 32 MiB buffers
        assert memory.as_mib()["processes"] == 2
    finally:
        for process in psutil.Process(parent.pid).children(recursive=True):
            process.kill()
        parent.kill()
        parent.wait()


def test_a_process_that_is_gone_has_no_reading():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert tree_memory(child.pid) is None
