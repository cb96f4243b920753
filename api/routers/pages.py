"""The reading room: server-rendered HTML over the same store as the API.

Every page reads without JavaScript; our scripts (api/static/*.js) and the vendored libraries
(api/static/vendor/, built by tools/vendor-assets.sh) only add the editor, the force layout,
the bars, the maps and the fact panel. Nothing is fetched from another host.

    /                 home: statistics, the example questions
    /sparql           (HTML) the YASGUI editor with the example questions
    /telegrams        telegram list          /doc/telegram/{id}   the reader
    /people           people list            /doc/person/{id}     a person
    /map              places on a map        /doc/place/{id}      a place
    /units            unit mentions          /units/{type}        one unit type
    /network          correspondents         /timeline            telegrams per month
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException

from cablegraph.api import links
from cablegraph.api.deps import Services, get_services
from cablegraph.graph.catalogue.summary import ROLES
from cablegraph.graph.views import browsing, queries, reading
from cablegraph.graph.views.entities import person_detail, place_features
from cablegraph.ontology.concepts import UNIT_TYPES

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
NAV = [
    ("/telegrams", "Telegrams"),
    ("/people", "People"),
    ("/map", "Map"),
    ("/units", "Units"),
    ("/network", "Network"),
    ("/timeline", "Timeline"),
    ("/sparql", "SPARQL"),
]
VERSION_NAMES = {
    "catalogue": "Catalogue record",
    "scan-transcript": "Russian transcript of the scan",
    "published-transcript": "Published Russian transcript",
    "transcript": "Transcript",
    "translation": "English translation",
}
KINDS = {  # fact relation -> colour family of its mark
    "sender": "person",
    "recipient": "person",
    "intermediary": "person",
    "person mentioned": "person",
    "translator": "person",
    "copy holder": "person",
    "handled by": "person",
    "place": "place",
    "military unit": "unit",
    "organisation": "organisation",
    "date": "date",
    "date written": "date",
    "date sent": "date",
    "date received": "date",
    "title": "meta",
    "summary": "meta",
    "citation": "meta",
    "source URL": "meta",
    "record id": "meta",
}

router = APIRouter(include_in_schema=False)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(), trim_blocks=True, lstrip_blocks=True
    )
    env.globals["nav"] = NAV
    env.globals["version_name"] = lambda kind: VERSION_NAMES.get(kind, kind.replace("-", " ").capitalize())
    env.globals["link"] = _link
    env.filters["page"] = _page_filter
    env.filters["here"] = _here_filter
    return env


def render(
    request: Request, template: str, status_code: int = 200, headers: dict[str, str] | None = None, **context: object
) -> HTMLResponse:
    """A page of the reading room (`current` marks the navigation entry it belongs to)."""
    context.setdefault("current", "/" + links.app_path(request).strip("/").split("/", 1)[0])
    body = environment().get_template(template).render(request=request, **context)
    return HTMLResponse(body, status_code=status_code, headers=headers)


@pass_context
def _link(context: Context, path: str) -> str:
    """`{{ link('/telegrams') }}`: a page of this server, under its root path or public URL (api/links.py)."""
    return links.link(context["request"], path)


@pass_context
def _page_filter(context: Context, iri: str | None) -> str | None:
    """The reading-room page of a minted IRI on this server: /id/person/x -> /doc/person/x (any base)."""
    if not iri or "/id/" not in iri:
        return None
    kind, _, key = iri.split("/id/", 1)[1].partition("/")
    return (
        links.link(context["request"], f"/doc/{kind}/{key}")
        if kind in reading.PAGES and key and "/" not in key
        else None
    )


@pass_context
def _here_filter(context: Context, iri: str | None) -> str | None:
    """A minted IRI as a link to its own path on this server (it dereferences there whatever the base)."""
    if not iri or "/id/" not in iri:
        return iri
    return links.link(context["request"], "/id/" + iri.split("/id/", 1)[1])


@cache
def questions() -> list[dict[str, object]]:
    """The cookbook's questions (api/templates/questions/q*.rq, generated from docs/queries.md): question, group, page, SPARQL."""
    found: list[dict[str, object]] = []
    for path in sorted((TEMPLATES / "questions").glob("q*.rq")):
        text = path.read_text(encoding="utf-8")
        header = dict(line[2:].split(": ", 1) for line in text.splitlines() if line.startswith("# ") and ": " in line)
        found.append(
            {
                "number": len(found) + 1,
                "question": header.get("question", path.stem),
                "group": header.get("group", ""),
                "page": header.get("page"),
                "query": text,
            }
        )
    return found


# --- pages linked data and the SPARQL endpoint hand over to -----------------------------


def home_page(request: Request, services: Services) -> HTMLResponse:
    stats = browsing.statistics(services.store, services.catalogue)
    return render(request, "home.html", stats=stats, questions=questions())


def sparql_page(request: Request, example: int | None = None) -> HTMLResponse:
    chosen = example if example is not None and 1 <= example <= len(questions()) else 1
    return render(request, "sparql.html", questions=questions(), chosen=chosen, headers={"Vary": "Accept"})


def reader_page(request: Request, services: Services, doc_id: str) -> HTMLResponse:
    record = services.records.record(doc_id, with_text=True)
    if record is None:
        raise HTTPException(404, f"no telegram with id {doc_id!r}")
    facts = reading.telegram_facts(services.store, services.minter, doc_id)
    by_key = {fact.key: fact for fact in facts}
    versions = []
    for version in record.versions:
        spans = [(e.start, e.end, f.key, e.key) for f in facts for e in f.evidence if e.version == version.key]
        pieces = reading.nest_spans(version.text or "", spans)
        versions.append(
            {
                "key": version.key,
                "kind": version.kind,
                "language": version.language,
                "iri": version.iri,
                "html": _marked(pieces, by_key),
                "facts": len({s[2] for s in spans}),
            }
        )
    thread = queries.thread(services.store, services.minter, doc_id)
    seen = [str(n["id"]) for n in thread["nodes"] if n["kind"] == "telegram" and n["id"]]
    titles = browsing.telegram_titles(services.catalogue, seen)
    return render(
        request,
        "reader.html",
        record=record,
        facts=facts,
        versions=versions,
        thread=thread,
        titles=titles,
        current="/telegrams",
        doc_id=doc_id,
    )


def person_page(request: Request, services: Services, key: str) -> HTMLResponse:
    person = person_detail(services.store, services.catalogue, str(services.minter.person(key)))
    if person is None:
        raise HTTPException(404, f"no person {key!r}")
    titles = browsing.telegram_titles(services.catalogue, [doc for docs in person.telegrams.values() for doc in docs])
    order = list(ROLES.values())
    roles = sorted(person.telegrams.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    return render(request, "person.html", person=person, roles=roles, titles=titles, current="/people")


def place_page(request: Request, services: Services, key: str) -> HTMLResponse:
    place = browsing.place(services.store, services.minter, key)
    if place is None:
        raise HTTPException(404, f"no place {key!r}")
    return render(request, "place.html", place=place, current="/map")


def _marked(pieces: list[reading.Piece], facts: dict[str, reading.Fact]) -> Markup:
    """A version's text with each fact's evidence as a focusable <mark>."""
    out = []
    for piece in pieces:
        if piece.kind == "text":
            out.append(str(escape(piece.text)))
        elif piece.kind == "close":
            out.append("</mark>")
        else:
            fact = facts[piece.fact]
            anchor = f' id="ev-{escape(piece.evidence)}"' if piece.first else ""
            out.append(
                f'<mark{anchor} tabindex="0" class="fact kind-{KINDS.get(fact.relation, "record")}" data-fact="{escape(fact.key)}"'
                f' data-evidence="{escape(piece.evidence)}" title="{escape(fact.relation)}: {escape(fact.value)}">'
            )
    return Markup("".join(out))


# --- routes ------------------------------------------------------------------------------


@router.get("/telegrams")
def telegram_list(
    request: Request,
    limit: int = Query(25, ge=1, le=200),
    offset: int = Query(0, ge=0),
    start: str | None = Query(None, pattern=DATE),
    end: str | None = Query(None, pattern=DATE),
    q: str | None = Query(None, max_length=200),
    services: Services = Depends(get_services),
) -> HTMLResponse:
    rows, total = browsing.telegram_rows(services.catalogue, start, end, limit, offset, q or None)
    return render(
        request, "telegrams.html", rows=rows, total=total, limit=limit, offset=offset, start=start, end=end, q=q or ""
    )


@router.get("/telegrams/{doc_id}/facts/{key}.ttl")
def fact_rdf(doc_id: str, key: str, services: Services = Depends(get_services)) -> Response:
    turtle = reading.fact_turtle(services.store, services.minter, doc_id, key)
    if turtle is None:
        raise HTTPException(404, f"no statement {key!r} in telegram {doc_id!r}")
    return Response(turtle, media_type="text/turtle; charset=utf-8", headers={"Cache-Control": "public, max-age=300"})


@router.get("/people")
def people_list(
    request: Request, q: str | None = Query(None, max_length=100), services: Services = Depends(get_services)
) -> HTMLResponse:
    found = [
        queries.PersonSummary(iri.rsplit("/", 1)[-1], iri, label, counts)
        for iri, label, counts in services.catalogue.people(q or None)
    ]
    return render(request, "people.html", people=found, q=q or "")


@router.get("/map")
def map_page(request: Request, services: Services = Depends(get_services)) -> HTMLResponse:
    collection = place_features(services.catalogue)
    places = sorted(collection["features"], key=lambda f: (-f["properties"]["telegrams"], f["properties"]["label"]))
    return render(request, "map.html", places=places)


@router.get("/network")
def network_page(
    request: Request,
    start: str | None = Query(None, pattern=DATE),
    end: str | None = Query(None, pattern=DATE),
    services: Services = Depends(get_services),
) -> HTMLResponse:
    pairs = services.catalogue.network(start, end, 20)
    links = [queries.Link(sender, recipient, docs, via) for sender, recipient, _, docs, via in pairs]
    messages = [
        queries.Link(sender, recipient, docs, [])
        for sender, recipient, _, docs in services.catalogue.embedded_network(start, end, 20)
    ]
    referenced = [
        queries.Link(sender, recipient, docs, [])
        for sender, recipient, _, docs in services.catalogue.referenced_network(start, end, 20)
    ]
    labels = services.catalogue.labels({i for link in links for i in (link.source, link.target, *link.via)})
    nodes = [{"id": i, "label": label} for i, label in labels.items()]
    labels |= services.catalogue.labels(
        {i for m in [*messages, *referenced] for i in (m.source, m.target)} - labels.keys()
    )
    return render(
        request,
        "network.html",
        links=links,
        nodes=nodes,
        labels=labels,
        start=start,
        end=end,
        messages=messages,
        referenced=referenced,
    )


@router.get("/timeline")
def timeline_page(
    request: Request,
    granularity: str = Query("month", pattern="^(day|month|year)$"),
    services: Services = Depends(get_services),
) -> HTMLResponse:
    found = services.catalogue.timeline(granularity, by_pair=True)
    agents = {agent for _, _, pairs in found for s, r, _ in pairs for agent in (s, r)}
    labels = {iri.rsplit("/", 1)[-1]: label for iri, label in services.catalogue.labels(agents).items()}
    points = [
        {
            "period": period,
            "count": n,
            "pairs": [
                {"source": s.rsplit("/", 1)[-1], "target": r.rsplit("/", 1)[-1], "count": c} for s, r, c in pairs
            ],
        }
        for period, n, pairs in found
    ]
    return render(request, "timeline.html", points=points, granularity=granularity, labels=labels)


@router.get("/units")
def units_page(request: Request, services: Services = Depends(get_services)) -> HTMLResponse:
    rows = services.catalogue.units()
    found = [{"type": t, "affiliation": a, "month": m, "count": n} for t, a, m, n in rows]
    totals: dict[str, int] = {}
    for unit_type, _, _, count in rows:
        totals[unit_type] = totals.get(unit_type, 0) + count
    return render(request, "units.html", units=found, totals=sorted(totals.items(), key=lambda t: (-t[1], t[0])))


@router.get("/units/{unit_type}")
def unit_type_page(request: Request, unit_type: str, services: Services = Depends(get_services)) -> HTMLResponse:
    if unit_type not in UNIT_TYPES:
        raise HTTPException(404, f"no unit type {unit_type!r}; known: {', '.join(sorted(UNIT_TYPES))}")
    mentions = browsing.unit_mentions(services.store, str(UNIT_TYPES[unit_type]))
    return render(request, "unit.html", unit_type=unit_type, mentions=mentions, current="/units")
