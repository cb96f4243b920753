"""results.json -> results.md: tables per size, ratios to the peers, and issue 8's targets.

The page, its header and the build-side sections (build, time per stage, inside the extract
stage) are written here; the targets and their checks are in `bench.report_targets`, the
serving sections in `bench.report_serving`.
"""

from __future__ import annotations

from typing import Any

from bench.report_cells import fmt, markdown_table
from bench.report_serving import api_section, load_section, sparql_section, throughput_section, wrk_section
from bench.report_targets import evaluate


def render(results: dict[str, Any]) -> str:
    m = results.get("machine", {})
    o = results.get("options", {})
    lines = [
        "# cablegraph benchmarks",
        "",
        "Written by `python -m bench` (bench/run.py); numbers from one run on the machine below. "
        "The corpus is synthetic (bench/corpus.py): the same seed gives the same documents.",
        "",
        f"- **date**: {m.get('date')}; run took {fmt(results.get('elapsed_s'), 0)} s; command: `{o.get('command')}`",
        f"- **machine**: {m.get('cpu')}, {m.get('cores')} cores, {m.get('memory_gib')} GiB RAM, Linux {m.get('kernel')}; "
        f"load average at start {m.get('load_at_start')}, at end {m.get('load_at_end', '–')} (the machine is shared: other work may have run at the same time)",
        f"- **software**: Python {m.get('python')}; commit {m.get('commit')}{' (working tree had uncommitted changes)' if m.get('dirty') else ''}"
        + (
            f", {m['commit_at_end']} at the end (the code changed during the run)"
            if m.get("commit_at_end") not in (None, m.get("commit"))
            else ""
        )
        + "; "
        + ", ".join(f"{k} {v}" for k, v in (m.get("versions") or {}).items()),
        f"- **settings**: build `--workers {o.get('workers')}`; {o.get('runs')} timed runs per query after {o.get('warmup')} warm-up "
        f"(at most {o.get('cell_budget_s')} s per query and server); throughput {o.get('clients')} clients × {o.get('throughput_s')} s; "
        "all servers on 127.0.0.1, same N-Quads, union default graph; cablegraph with its default query workers "
        "(CABLEGRAPH_QUERY_WORKERS, CABLEGRAPH_QUERY_HEAVY_WORKERS) and "
        "per-client budgets raised (CABLEGRAPH_CLIENT_QUERY_SECONDS/ERRORS) since every request comes from one address",
        "",
    ]
    for earlier in results.get("resumed", []):
        lines.insert(
            -1,
            f"- **resumed** (`--resume`): this run went on from a run of {earlier['date']} (commit {earlier['commit']}, "
            f"{fmt(earlier.get('elapsed_s'), 0)} s); steps measured then were kept",
        )
    lines += [
        "## Targets (issue 8)",
        "",
        "Judged on this run alone; `bench/targets.md` (`python -m bench.targets`) judges each target across every recorded run.",
        "",
    ]
    lines += markdown_table(
        ["target", "judged at (documents)", "measured", "status"], [list(r) for r in evaluate(results)]
    )
    for size, entry in results.get("sizes", {}).items():
        lines += _size_section(int(size), entry)
    return "\n".join(lines) + "\n"


def _size_section(size: int, entry: dict[str, Any]) -> list[str]:
    lines = [f"## {size:,} telegrams", ""]
    if "error" in entry:
        lines += [f"**The run stopped at this size**: {entry['error']}", ""]
    c = entry.get("corpus")
    if c:
        lines += [
            f"Corpus: {c['documents']:,} documents, {c['megabytes']} MB, {c['references']:,} references between them, "
            f"{c['web_layout']:,} in the web-page layout, 200 correspondents; generated in {c['generation_s']} s"
            f"{' (reused)' if c.get('reused') else ''}.",
            "",
        ]
    lines += _build_section(entry)
    lines += _stage_section(entry)
    lines += _hotspot_section(entry)
    lines += sparql_section(entry)
    lines += api_section(entry)
    lines += throughput_section(entry)
    lines += wrk_section(entry)
    lines += load_section(entry)
    return lines


def _build_section(entry: dict[str, Any]) -> list[str]:
    rows = _build_rows(entry) + _extraction_rows(entry) + _peer_load_rows(entry)
    if not rows:
        return []
    b = entry.get("build") or {}
    head = [
        f"### Build ({b.get('docs_per_s', '–')} documents/s end to end; {b.get('cpu_ms_per_document', '–')} ms of CPU per document)",
        "",
    ]
    loads = entry.get("load_average")
    tail = [f"One-minute load average when each step started (2 cores): {loads}.", ""] if loads else []
    commits = entry.get("commits") or {}
    if len(set(commits.values())) > 1:
        tail += [f"The code changed between steps; commit at the start of each: {commits}.", ""]
    return (
        head
        + markdown_table(
            ["step", "wall seconds", "CPU seconds (all processes)", "peak RSS MiB (with children)", "notes"], rows
        )
        + tail
    )


def _build_rows(entry: dict[str, Any]) -> list[list[str]]:
    """The full build, the rebuild with nothing changed and the one after changing 1%."""
    rows = []
    for label, key in (
        ("full build", "build"),
        ("rebuild, nothing changed", "noop_rebuild"),
        ("rebuild after changing 1%", "incremental"),
    ):
        b = entry.get(key)
        if b:
            extra = (
                f"{b.get('changed_documents')} changed, {b.get('percent_of_full')}% of full"
                if key == "incremental"
                else b.get("summary", "")
            )
            if b.get("segments", 1) > 1:
                extra += (
                    f"; in {b['segments']} runs of the harness: time and CPU to each stopped run's last heartbeat "
                    "(at most 10 s lost per run), the last run's summary"
                )
            rows.append(
                [
                    label,
                    fmt(b["seconds"]),
                    fmt(b.get("cpu_seconds")),
                    fmt(b["peak_rss_mib"], 0),
                    extra + (f" (exit {b['returncode']})" if b["returncode"] else ""),
                ]
            )
    return rows


def _extraction_rows(entry: dict[str, Any]) -> list[list[str]]:
    rows = []
    for e in entry.get("extraction", []):
        rows.append(
            [
                f"extraction only (read + extract), {e['workers']} worker(s)",
                f"{e['docs_per_s']} docs/s",
                f"{e.get('cpu_ms_per_document', '–')} ms/doc",
                "–",
                f"{e['documents']} documents, {e['facts_per_document']} facts each",
            ]
        )
    return rows


def _peer_load_rows(entry: dict[str, Any]) -> list[list[str]]:
    """What the peers need first: the export as N-Quads and oxigraph's load of it."""
    rows = []
    if entry.get("export"):
        x = entry["export"]
        rows.append(
            [
                "`cablegraph export --format nq`",
                fmt(x["seconds"]),
                fmt(x.get("cpu_seconds")),
                "–",
                f"{x['quads']:,} quads, {x['megabytes']} MB",
            ]
        )
    if entry.get("oxigraph_load"):
        x = entry["oxigraph_load"]
        rows.append(
            [
                "`oxigraph load` of that dump (raw engine)",
                fmt(x["seconds"]),
                fmt(x.get("cpu_seconds")),
                fmt(x["peak_rss_mib"], 0),
                "",
            ]
        )
    return rows


def _stage_section(entry: dict[str, Any]) -> list[str]:
    s = entry.get("stages")
    if not s:
        return []
    cpu = s.get("per_document_stage_cpu_ms", {})
    rows = [
        [
            stage,
            fmt(cpu.get(stage), 2),
            fmt(s["per_document_stage_ms"].get(stage), 2),
            f"{s['share_percent'].get(stage, 0)}%",
        ]
        for stage in s["share_percent"]
    ]
    rows.append(["**all**", fmt(s.get("per_document_cpu_ms"), 1), fmt(s["per_document_ms"], 1), "100%"])
    corpus_steps = ", ".join(f"{k} {v:.2f} s" for k, v in s.get("corpus_steps_s", {}).items())
    notes = [
        f"In-process, one thread, {s['documents']} documents spread over the corpus ({s['triples_per_document']:,} triples each); "
        f"first-document warm-up {s.get('warmup_s', 0)} s not counted. Once per build over those documents' store: {corpus_steps}.",
        "",
    ]
    if s.get("errors"):
        notes += ["Errors: " + "; ".join(s["errors"]), ""]
    return [
        "### Time per stage",
        "",
        *markdown_table(["stage", "CPU ms per document", "wall ms per document", "share of CPU"], rows),
        *notes,
    ]


def _hotspot_section(entry: dict[str, Any]) -> list[str]:
    hot = entry.get("extract_hotspots")
    if not hot:
        return []
    costs = hot["extractors"]
    rows = [[name, fmt(ms)] for name, ms in costs["extractors_ms"].items()]
    rows.append(
        [
            "the rest of run_extractors (merging facts, finding extractors; noisy)",
            fmt(max(0.0, costs["merging_and_lookup_ms"])),
        ]
    )
    rows.append(["**run_extractors**", fmt(costs["run_extractors_ms"])])
    functions = [
        [
            f"`{f['function']}`",
            fmt(f["calls_per_document"]),
            f"{f['own_share_percent']}%",
            fmt(f["cumulative_ms_per_document"]),
        ]
        for f in hot["functions"]
    ]
    return [
        "### Inside the extract stage",
        "",
        f"CPU per document, each extractor run alone over {costs['documents']} documents:",
        "",
        *markdown_table(["extractor", "CPU ms per document"], rows),
        "Functions with the most own time (cProfile, same documents):",
        "",
        *markdown_table(
            ["function", "calls per document", "share of own time", "cumulative ms per document"], functions
        ),
    ]
