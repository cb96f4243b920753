"""One benchmark run: for each size, corpus -> stages -> build -> export -> servers -> timings.

Results are written after every step (results.json), so a step that fails or a run that is
stopped still leaves what was measured. Servers are always stopped. The record a run keeps is in
`bench.run_record`; starting and timing the servers in `bench.run_serving`.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import build, corpus, hotspots, machine, stages
from bench.run_record import BASE_IRI, Options, Run, cablegraph_env, log, note_load
from bench.run_serving import SizeFiles, serve_and_time


def execute(options: Options) -> dict[str, Any]:
    run = Run(options)
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(options).items()}
    run.results = {"machine": machine.describe().as_dict(), "options": settings, "sizes": {}}
    earlier = options.out / "results.json"
    if options.resume and earlier.exists():
        kept = json.loads(earlier.read_text(encoding="utf-8"))
        run.results["sizes"] = kept.get("sizes", {})
        run.results["resumed"] = [
            *kept.get("resumed", []),
            {"date": kept["machine"]["date"], "commit": kept["machine"]["commit"], "elapsed_s": kept.get("elapsed_s")},
        ]
    run.save()
    for size in options.sizes:
        entry: dict[str, Any] = run.results["sizes"].setdefault(str(size), {})
        entry.pop("error", None)
        try:
            _one_size(run, size, entry)
        except Exception as error:  # noqa: BLE001 - keep what was measured, say what broke
            entry["error"] = f"{type(error).__name__}: {error}"
            log(f"size {size}: {entry['error']}")
        run.save()
    run.results["machine"]["load_at_end"] = tuple(round(x, 2) for x in os.getloadavg())
    run.results["machine"]["commit_at_end"] = machine.describe().commit  # others may commit while a run goes on
    run.save()
    return run.results


def ensure_corpus(root: Path, size: int, seed: int) -> dict[str, Any]:
    manifest_path = root / "manifest.json"
    if manifest_path.exists():
        manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            manifest.get("spec", {}).get("size") == size
            and manifest["spec"].get("seed") == seed
            and manifest.get("generator") == corpus.GENERATOR_VERSION
        ):
            manifest["reused"] = True
            return manifest
    shutil.rmtree(root, ignore_errors=True)
    return corpus.generate(root, size, seed)


def _spread(items: list[Path], count: int) -> list[Path]:
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _one_size(run: Run, size: int, entry: dict[str, Any]) -> None:
    """Every step for one size; a step already in `entry` (a resumed run) is not run again."""
    options = run.options
    root = options.workdir / f"corpus-{size}"
    work = options.workdir / f"size-{size}"
    work.mkdir(parents=True, exist_ok=True)
    manifest = _corpus_step(run, size, entry, root)
    paths = [root / "docs" / d["path"] for d in manifest["documents"]]
    env = cablegraph_env(root)
    _profile_steps(run, size, entry, paths, (str((root / "authority.toml").resolve()),), work)
    files = SizeFiles(store=work / "store", dump=work / "dump.nq", oxigraph_dir=work / "oxigraph", work=work)
    _build_steps(run, size, entry, root, files.store, env, work)
    if options.peers:  # the peers serve the export; cablegraph alone needs none
        _peer_steps(run, size, entry, files, env)
    serve_and_time(run, size, entry, manifest, files, env)


def _corpus_step(run: Run, size: int, entry: dict[str, Any], root: Path) -> dict[str, Any]:
    log(f"size {size}: corpus")
    manifest = ensure_corpus(root, size, run.options.seed)
    entry["corpus"] = {
        "documents": size,
        "megabytes": round(manifest["bytes"] / 1e6, 1),
        "generation_s": manifest["seconds"],
        "reused": bool(manifest.get("reused")),
        "correspondents": 200,
        "references": sum(1 for d in manifest["documents"] if d["refers_to"]),
        "web_layout": sum(1 for d in manifest["documents"] if d["layout"] == "web"),
    }
    run.save()
    return manifest


def _profile_steps(
    run: Run, size: int, entry: dict[str, Any], paths: list[Path], authority: tuple[str, ...], work: Path
) -> None:
    """In-process costs: time per stage, the extract stage's hot spots, extraction throughput."""
    options = run.options
    if "stages" not in entry:
        log(f"size {size}: stage profile on {min(size, options.stage_sample)} documents")
        note_load(entry, "stages")
        entry["stages"] = stages.profile_stages(
            _spread(paths, options.stage_sample), authority, BASE_IRI, work
        ).as_dict()
        run.save()
    if "extract_hotspots" not in entry:
        log(f"size {size}: extraction hot spots on {min(size, options.hotspot_sample)} documents")
        hot = _spread(paths, options.hotspot_sample)
        entry["extract_hotspots"] = {
            "extractors": hotspots.extractor_costs(hot, authority),
            "functions": hotspots.hot_functions(hot, authority),
        }
        run.save()
    sample = _spread(paths, options.extraction_sample)
    entry.setdefault("extraction", [])
    for workers in (1, 2)[len(entry["extraction"]) :]:
        log(f"size {size}: extraction throughput, {workers} worker(s), {len(sample)} documents")
        note_load(entry, f"extraction_{workers}")
        entry["extraction"].append(stages.extraction_throughput(sample, authority, workers).as_dict())
        run.save()


def _build_steps(
    run: Run, size: int, entry: dict[str, Any], root: Path, store: Path, env: dict[str, str], work: Path
) -> None:
    """The full build (again, if the last one failed), a rebuild with nothing changed, and one after changing 1%."""
    options = run.options
    if entry.get("build", {}).get("returncode") != 0:
        log(f"size {size}: full build ({options.workers} workers)")
        note_load(entry, "build")
        full = build.full_build(root / "docs", store, options.workers, env, journal=work / "build-journal.json")
        entry["build"] = full.as_dict() | {
            "workers": options.workers,
            "docs_per_s": round(size / full.seconds, 2),
            "cpu_ms_per_document": round(1000 * full.cpu_seconds / size, 1),
        }
        run.save()
    if entry["build"]["triples"] is None:
        raise RuntimeError(f"build failed: {entry['build']['tail']}")
    if "noop_rebuild" not in entry:
        log(f"size {size}: rebuild with nothing changed")
        note_load(entry, "noop_rebuild")
        entry["noop_rebuild"] = build.rebuild(root / "docs", store, options.workers, env, "noop").as_dict()
        run.save()
    if "incremental" not in entry:
        log(f"size {size}: incremental rebuild after changing 1%")
        note_load(entry, "incremental")
        changed, count = build.incremental(root, size, options.seed, store, options.workers, env)
        entry["incremental"] = changed.as_dict() | {
            "changed_documents": count,
            "percent_of_full": round(100 * changed.seconds / entry["build"]["seconds"], 1),
        }
        run.save()


def _peer_steps(run: Run, size: int, entry: dict[str, Any], files: SizeFiles, env: dict[str, str]) -> None:
    """What the peers serve: the store exported as N-Quads, and that dump loaded into oxigraph."""
    if "export" not in entry:
        log(f"size {size}: export N-Quads")
        exported = build.export_nquads(files.store, files.dump, env)
        entry["export"] = {
            "seconds": round(exported.seconds, 2),
            "cpu_seconds": round(exported.cpu_seconds, 1),
            "quads": exported.quads,
            "megabytes": round(exported.bytes / 1e6, 1),
            "returncode": exported.returncode,
        }
        run.save()
    if "oxigraph_load" not in entry:
        log(f"size {size}: oxigraph load")
        loaded = build.oxigraph_load(files.dump, files.oxigraph_dir)
        entry["oxigraph_load"] = {
            "seconds": round(loaded.seconds, 2),
            "cpu_seconds": round(loaded.cpu_seconds, 1),
            "peak_rss_mib": round(loaded.peak_rss / 2**20, 1),
            "returncode": loaded.returncode,
            "tail": loaded.tail if loaded.returncode else "",
        }
        run.save()
