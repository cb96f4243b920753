"""The serving sections of results.md: SPARQL and JSON API latency, throughput, wrk and the load test.

Separate from `bench.report`, which writes the page, its header and the build-side sections,
because these tables compare cablegraph with its peer servers over the same store.
"""

from __future__ import annotations

from typing import Any

from bench.report_cells import fmt, markdown_table, ratio
from bench.report_targets import sparql_stat, wrk_median

SERVERS = ("cablegraph", "oxigraph", "rdflib-endpoint")


def _cell(latency: dict[str, Any] | None) -> str:
    if not latency:
        return "–"
    if latency.get("median_ms") is None:
        return "failed: " + (latency.get("note") or "no answer")[:60].replace("|", "/")
    return f"{fmt(latency['median_ms'], 1)} / {fmt(latency['p95_ms'], 1)}"


def sparql_section(entry: dict[str, Any]) -> list[str]:
    sparql = entry.get("sparql")
    if not sparql:
        return []
    present = [s for s in SERVERS if any(s in q["servers"] for q in sparql.values())]
    header = ["query", *[f"{s} median / p95 ms" for s in present]]
    if "oxigraph" in present:
        header.append("cablegraph ÷ oxigraph (median)")
    if "rdflib-endpoint" in present:
        header.append("rdflib-endpoint ÷ cablegraph (median)")
    header.append("rows")
    rows = []
    for key, q in sparql.items():
        cells = q["servers"]
        row = [f"{q['title']}" + (" *" if q["group"] == "brief" else ""), *[_cell(cells.get(s)) for s in present]]
        if "oxigraph" in present:
            row.append(fmt(ratio(sparql_stat(entry, key, "cablegraph"), sparql_stat(entry, key, "oxigraph")), 2, "×"))
        if "rdflib-endpoint" in present:
            row.append(
                fmt(ratio(sparql_stat(entry, key, "rdflib-endpoint"), sparql_stat(entry, key, "cablegraph")), 1, "×")
            )
        counts = {s: (cells.get(s) or {}).get("rows") for s in present}
        distinct = {v for v in counts.values() if v is not None}
        row.append(" / ".join(fmt(counts[s]) for s in present) + (" (differ)" if len(distinct) > 1 else ""))
        rows.append(row)
    notes = []
    for key, q in sparql.items():
        for server, cell in q["servers"].items():
            if cell and cell.get("note"):
                notes.append(f"- {key} on {server}: {cell['note']}")
    probe = entry.get("probe", {})
    servers = entry.get("servers", {})
    start = "; ".join(
        f"{n}: "
        + (
            v["skipped"]
            if "skipped" in v
            else f"ready in {v['startup_s']} s, {v['rss_idle_mib']} MiB idle"
            + (f" (PSS {v['memory_idle']['pss_mib']} MiB)" if v.get("memory_idle") else "")
            + (f", error {v['error']}" if v.get("error") else "")
        )
        for n, v in servers.items()
    )
    head = [
        "### SPARQL latency",
        "",
        f"Servers: {start}.",
        "",
        f"Parameters: lookup `{probe.get('lookup')}`, reply chain around `{probe.get('thread')}`, sender `{probe.get('sender')}`, "
        f"text `{probe.get('word')}`. Rows marked * are the questions of BRIEF §5.",
        "",
    ]
    return head + markdown_table(header, rows) + ([*notes, ""] if notes else [])


def api_section(entry: dict[str, Any]) -> list[str]:
    api = entry.get("api")
    if not api:
        return []
    rows = []
    for cell in api.values():
        status = "not available: " + (cell.get("note") or "")[:80] if cell.get("median_ms") is None else ""
        rows.append(
            [f"`{cell['path']}`", fmt(cell.get("median_ms")), fmt(cell.get("p95_ms")), fmt(cell.get("rows")), status]
        )
    f = entry.get("api_search_filters") or {}
    note = (
        f"`/api/telegrams?q=` narrows the list: {f.get('filters')} (total {f.get('total')}, matching "
        f"{f.get('matching')}, nonsense word {f.get('nonsense_word')})."
    )
    return [
        "### JSON API latency (cablegraph)",
        "",
        *markdown_table(["route", "median ms", "p95 ms", "items", "notes"], rows),
        note,
        "",
    ]


def throughput_section(entry: dict[str, Any]) -> list[str]:
    t = entry.get("throughput")
    if not t:
        return []
    rows = [
        [
            name,
            fmt(r["per_second"]),
            fmt(r["p50_ms"]),
            fmt(r["p99_ms"]),
            ", ".join(f"{k}: {v}" for k, v in r["statuses"].items()),
            fmt(r.get("rss_after_mib"), 0),
        ]
        for name, r in t.items()
    ]
    return [
        "### Throughput: one-telegram lookups, concurrent clients",
        "",
        *markdown_table(["server", "requests/s", "p50 ms", "p99 ms", "statuses", "RSS after MiB"], rows),
    ]


def wrk_section(entry: dict[str, Any]) -> list[str]:
    w = entry.get("wrk")
    if not w or "steps" not in w:
        return [f"wrk: {w['skipped']}", ""] if w and "skipped" in w else []
    rows = []
    for step in w["steps"]:
        cells = [step["title"], str(step["connections"])]
        for measure in ("p50_ms", "p99_ms", "per_second"):
            cg, ox = wrk_median(step, "cablegraph", measure), wrk_median(step, "oxigraph", measure)
            cells.append(f"{fmt(cg, 2)} / {fmt(ox, 2)}" + (f" ({cg / ox:.2f}×)" if cg and ox else ""))
        rows.append(cells)
    return [
        f"### wrk: cablegraph / oxigraph serve-read-only, same store, interleaved ({w['rounds']} × {w['seconds']:g} s each, medians)",
        "",
        *markdown_table(["step", "connections", "p50 ms", "p99 ms", "requests/s"], rows),
    ]


def load_section(entry: dict[str, Any]) -> list[str]:
    load = entry.get("load_test")
    if not load:
        return []
    if "requests" not in load:
        return ["### Load test", "", f"Could not run: {load.get('error')}", ""]
    lat = load["latency_ms"]
    rows = [[kind, fmt(v["count"]), fmt(v["p50"]), fmt(v["p99"])] for kind, v in lat.items()]
    hostile = "; ".join(
        f"{name}: " + ", ".join(f"{k}×{n}" for k, n in counts.items()) for name, counts in load["hostile"].items()
    )
    return [
        "### Load test (cablegraph)",
        "",
        f"{load['clients']} clients for {load['duration_s']} s ({load['per_second']} requests/s): statuses "
        + ", ".join(f"{k}: {v}" for k, v in load["statuses"].items())
        + f"; 5xx other than 503: **{load['server_errors_other_than_503']}**; connection errors {load['connection_errors']}. "
        f"Settings: {load.get('settings')}.",
        "",
        *markdown_table(["kind", "answers (2xx; hostile: any status)", "p50 ms", "p99 ms"], rows),
        f"Hostile requests (status × count): {hostile}.",
        "",
        *(
            [
                f"Refused (503 + 429) per kind, % of its requests: {load['refused_percent']} (issue 16: lookups and API under 1%).",
                "",
            ]
            if load.get("refused_percent")
            else []
        ),
        f"Server RSS with its query workers (median over a window after warm-up / at the end): {load['rss_mib']['after_warmup']} / "
        f"{load['rss_mib']['final']} MiB, growth {load['rss_growth_percent']}%, peak {load['rss_mib']['peak_after_warmup']} MiB. "
        f"The server process alone: {load['rss_mib'].get('server_process_after_warmup', '–')} / {load['rss_mib'].get('server_process_final', '–')} MiB, "
        f"growth {load.get('server_process_growth_percent', '–')}%.",
        "",
    ]
