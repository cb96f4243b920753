import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOTS = ("extract", "graph", "api", "cli", "ontology", "shapes")


@pytest.mark.parametrize("name", ROOTS)
def test_no_generic_top_level_names(name, tmp_path):
    """Asked in a fresh interpreter outside the checkout, so only what is installed counts
    (a test that puts the repository root on sys.path must not make this pass or fail)."""
    probe = f"import importlib.util; print(importlib.util.find_spec({name!r}))"
    found = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True, env={"PATH": ""}
    )
    assert found.stdout.strip() == "None"


def test_every_subpackage_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = set()
    for root in ROOTS:
        for init in (ROOT / root).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT).parts
            found.add(".".join(("cablegraph", *parts)))
    assert found == listed


def test_public_surfaces_are_sorted_and_complete():
    from cablegraph import extract, ontology

    for module in (extract, ontology):
        assert sorted(module.__all__) == list(module.__all__) or module.__all__[0].isupper()
        for name in module.__all__:
            assert hasattr(module, name)


def _fresh_clone(target: Path) -> Path:
    """The files a clone would have (tracked by git, or the whole tree outside git), copied to `target`."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    names = (
        [n for n in listed.stdout.decode().split("\0") if n]
        if listed.returncode == 0
        else [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.is_file() and not {".venv", ".git", "var", "build"} & set(p.relative_to(ROOT).parts)
        ]
    )
    for name in names:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
    (target / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())  # as edited, even before a commit
    return target


def test_the_wheel_builds_without_warnings_and_carries_every_data_file(tmp_path):
    """Templates, static files and data are package data, declared once: no 'Package would be
    ignored' warning from setuptools, and every one of them in the wheel."""
    import setuptools

    if int(setuptools.__version__.split(".")[0]) < 77:
        pytest.skip(f"setuptools {setuptools.__version__} here; the build needs >= 77 (the test extra pins it)")
    clone = _fresh_clone(tmp_path / "clone")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(tmp_path / "dist"),
            ".",
        ],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    said = built.stdout + built.stderr
    assert "would be ignored" not in said and "Warning" not in said, said[-3000:]
    import zipfile

    (wheel,) = (tmp_path / "dist").glob("cablegraph-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    data = [p for p in (clone / "api").rglob("*") if p.is_file() and {"templates", "static"} & set(p.parts)]
    data += [
        *(clone / "extract" / "data").glob("*.toml"),
        *(clone / "shapes").glob("*.ttl"),
        *(clone / "ontology").glob("*.ttl"),
    ]
    assert len(data) > 40
    missing = [str(p.relative_to(clone)) for p in data if "cablegraph/" + str(p.relative_to(clone)) not in inside]
    assert missing == []


def test_make_run_installs_what_serving_needs_and_make_test_the_rest(tmp_path):
    """`make run` from a fresh clone installs the package alone; the test extras come with `make test`."""
    import shutil

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    clone = _fresh_clone(tmp_path / "clone")
    run = subprocess.run(["make", "-n", "run"], cwd=clone, capture_output=True, text=True, check=True).stdout
    test = subprocess.run(["make", "-n", "test"], cwd=clone, capture_output=True, text=True, check=True).stdout

    def installs(plan):
        return [line for line in plan.splitlines() if "pip install" in line and "--upgrade pip" not in line]

    assert [line.split()[-1] for line in installs(run)] == ["."]
    assert [line.split()[-1] for line in installs(test)] == [".", '".[test]"']
    assert "cablegraph build corpus/seeds" in run and "cablegraph serve" in run and "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().endswith("make test") and "apt-get install -y -q jing" in ci


def test_the_quick_start_serves_and_a_users_folder_builds(tmp_path):
    """The README's `make run` in a fresh clone (with this checkout's environment, so nothing is
    installed: the stamp is newer than the clone's pyproject.toml) builds the sample and serves it;
    then a user's own folder builds into another store with a report."""
    import os
    import shutil
    import signal
    import socket

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = ROOT / ".venv"
    if not (venv / ".installed-stamp").exists():
        pytest.skip("no installed .venv beside the checkout")
    clone = _fresh_clone(tmp_path / "clone")
    os.utime(clone / "pyproject.toml", (0, 0))  # older than the stamp: make installs nothing
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "CABLEGRAPH_PORT": str(port), "CABLEGRAPH_QUERY_WORKERS": "1"}
    log = (tmp_path / "make-run.log").open("wb")
    make = subprocess.Popen(
        ["make", "run", f"VENV={venv}", f"STORE={tmp_path / 'store'}"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        home = _served_home(make, port, tmp_path / "make-run.log")
        assert home.status_code == 200 and "text/html" in home.headers["content-type"]
        listed = httpx.get(f"http://127.0.0.1:{port}/api/telegrams", timeout=30).json()
        assert listed["total"] == 5
    finally:
        os.killpg(make.pid, signal.SIGTERM)  # make and the server it started, in the session made for them
        make.wait(30)
        log.close()
    _a_users_folder_builds(venv, tmp_path)


def _served_home(make: subprocess.Popen[bytes], port: int, log: Path) -> httpx.Response:
    """The home page, once `make run` serves it (within 300 s), or the test fails with make's log."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert make.poll() is None, log.read_text(errors="replace")[-3000:]
        try:
            return httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        except httpx.TransportError:
            time.sleep(1)
    pytest.fail("make run did not serve within 300 s: " + log.read_text(errors="replace")[-3000:])


def _a_users_folder_builds(venv: Path, tmp_path: Path) -> None:
    """A user's own folder builds into another store, with a report that counts every file loaded."""
    report = tmp_path / "report.json"
    built = subprocess.run(
        [
            str(venv / "bin" / "cablegraph"),
            "build",
            str(ROOT / "tests" / "data" / "telegrams"),
            "--store",
            str(tmp_path / "mine"),
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["loaded"] == len(
        list((ROOT / "tests" / "data" / "telegrams").glob("*.txt"))
    )
