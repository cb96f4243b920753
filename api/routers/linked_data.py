"""Linked data: every minted IRI dereferences; the dataset describes itself.

/id/{path}        303 See Other -> /doc/{path} (Vary: Accept); 404 for an unknown IRI
/doc/{path}[.ttl|.jsonld|.nt|.rdf|.html]   the description, negotiated or by suffix
                  (in HTML, telegrams, people and places are reading-room pages)
/ns               the ontology          /.well-known/void   VoID + DCAT
/dumps/cablegraph.nq.gz   the whole dataset    /sitemap.xml   /robots.txt
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from xml.sax.saxutils import escape as xml_escape

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from starlette.exceptions import HTTPException

from cablegraph.api.deps import Services, get_services
from cablegraph.api.links import absolute, link, served, server_base
from cablegraph.api.negotiation import choose
from cablegraph.api.openapi import media
from cablegraph.api.routers import pages
from cablegraph.graph.views.describe import dataset_description, describe, exists, ontology_document
from cablegraph.ontology import jsonld_context

router = APIRouter(tags=["linked data"])

FORMATS = {  # media type -> (suffix, rdflib format)
    "text/turtle": ("ttl", "turtle"),
    "text/html": ("html", None),
    "application/ld+json": ("jsonld", "json-ld"),
    "application/n-triples": ("nt", "nt"),
    "application/rdf+xml": ("rdf", "xml"),
}
IRI_PATH = re.compile(r"^[\w.~/-]{1,300}$")  # every minted path; anything else would have to be escaped to reach SPARQL
SUFFIXES = {suffix: media for media, (suffix, _) in FORMATS.items()}


def _alternates(request: Request, doc_path: str) -> str:
    return ", ".join(
        f'<{absolute(request, f"doc/{doc_path}.{suffix}")}>; rel="alternate"; type="{media}"'
        for media, (suffix, _) in FORMATS.items()
    )


@router.get(
    "/id/{path:path}",
    summary="Dereference a minted IRI (303 to its description)",
    responses={303: {"description": "See Other: the description at /doc/{path}"}},
)
async def identifier(path: str, request: Request, services: Services = Depends(get_services)) -> Response:
    if not IRI_PATH.match(path):
        raise HTTPException(
            404, "no resource with such a path: IRIs here are made of letters, digits and - . _ ~ / only"
        )
    iri = services.minter.base + "id/" + path
    if iri != str(services.minter.dataset()) and not await run_in_threadpool(exists, services.store, iri):
        raise HTTPException(404, f"no resource {iri}")
    return RedirectResponse(
        link(request, f"/doc/{path}"), status_code=303, headers={"Vary": "Accept", "Link": _alternates(request, path)}
    )


@router.get(
    "/doc/{path:path}", summary="The description of a resource, negotiated or by suffix", responses=media(*FORMATS)
)
async def document(path: str, request: Request, services: Services = Depends(get_services)) -> Response:
    stem, _, suffix = path.rpartition(".")
    if stem and suffix in SUFFIXES and "/" not in suffix:
        path, media = stem, SUFFIXES[suffix]
    else:
        negotiated = choose(request.headers.get("accept"), list(FORMATS))
        if negotiated is None:
            raise HTTPException(406, f"this resource is available as: {', '.join(FORMATS)}")
        media = negotiated
    if not IRI_PATH.match(path):
        raise HTTPException(
            404, "no resource with such a path: IRIs here are made of letters, digits and - . _ ~ / only"
        )
    if media == "text/html":  # people, places and telegrams open in the reading room
        page = await run_in_threadpool(_reading_room, request, services, path)
        if page is not None:
            page.headers.update({"Vary": "Accept", "Link": _alternates(request, path)})
            return page
    iri = services.minter.base + "id/" + path
    if request.headers.get("if-none-match") == services.etag:
        return Response(status_code=304, headers={"ETag": services.etag})
    graph = await run_in_threadpool(_description, request, services, iri)
    headers = {
        "Vary": "Accept",
        "ETag": services.etag,
        "Link": _alternates(request, path),
        "Cache-Control": "public, max-age=300",
    }
    return _render(graph, media, iri, headers, lambda minted: served(request, minted, services.minter.base))


def _reading_room(request: Request, services: Services, path: str) -> Response | None:
    kind, _, key = path.partition("/")
    page = {"telegram": pages.reader_page, "person": pages.person_page, "place": pages.place_page}.get(kind)
    return page(request, services, key) if page is not None and key and "/" not in key else None


def _description(request: Request, services: Services, iri: str) -> Graph:
    if iri == str(services.minter.dataset()):
        return dataset_description(services.store, services.minter, services.dump, server=server_base(request))
    if not exists(services.store, iri):
        raise HTTPException(404, f"no resource {iri}")
    return describe(services.store, services.minter, iri)


def _render(
    graph: Graph, media: str, title: str, headers: dict[str, str], href: Callable[[str], str] = str
) -> Response:
    """The graph in `media`; in HTML, `href` turns an IRI into the link to follow (a minted IRI's page on this server)."""
    if media == "text/html":
        return HTMLResponse(_html(graph, title, href), headers=headers)
    rdflib_format = FORMATS[media][1]
    assert rdflib_format is not None  # only HTML has none, answered above
    if rdflib_format == "json-ld":
        body = graph.serialize(format="json-ld", context=jsonld_context()["@context"], auto_compact=True)
    else:
        body = graph.serialize(format=rdflib_format)
    return Response(body, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""), headers=headers)


def _html(graph: Graph, title: str, href: Callable[[str], str]) -> str:
    rows = []
    for subject in sorted(set(graph.subjects()), key=lambda s: (str(s) != title, str(s))):
        rows.append(f"<h2 id='{escape(str(subject))}'>{_term(graph, subject, href)}</h2><table>")
        for predicate, obj in sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))):
            rows.append(f"<tr><th>{_term(graph, predicate, href)}</th><td>{_term(graph, obj, href)}</td></tr>")
        rows.append("</table>")
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
        f"<body><h1>{escape(title)}</h1>{''.join(rows)}</body></html>"
    )


def _term(graph: Graph, term: Node, href: Callable[[str], str]) -> str:
    if isinstance(term, URIRef):
        try:
            shown = graph.namespace_manager.normalizeUri(term)
        except Exception:  # noqa: BLE001 - an IRI rdflib cannot abbreviate, whatever it raises: show it whole
            shown = str(term)
        return f"<a href='{escape(href(str(term)))}'>{escape(shown)}</a>"
    if isinstance(term, Literal):
        language = f"<sup>@{escape(term.language)}</sup>" if term.language else ""
        return f"<span>{escape(str(term))}</span>{language}"
    return escape(str(term))


@router.get("/ns", summary="The cablegraph ontology", responses=media(*FORMATS))
async def ontology(request: Request) -> Response:
    media = choose(request.headers.get("accept"), list(FORMATS)) or "text/turtle"
    return _render(ontology_document(), media, "https://w3id.org/cablegraph/ns", {"Vary": "Accept"})


@router.get(
    "/.well-known/void",
    summary="VoID and DCAT description of the dataset",
    responses=media(*(m for m in FORMATS if m != "text/html")),
)
async def void(request: Request, services: Services = Depends(get_services)) -> Response:
    media = choose(request.headers.get("accept"), [m for m in FORMATS if m != "text/html"])
    if media is None:
        raise HTTPException(406, "the dataset description is available as RDF only")
    server = server_base(request)
    graph = await run_in_threadpool(
        lambda: dataset_description(services.store, services.minter, services.dump, server=server)
    )
    return _render(graph, media, str(services.minter.dataset()), {"Vary": "Accept", "ETag": services.etag})


@router.get(
    "/dumps/cablegraph.nq.gz",
    summary="The whole dataset as gzipped N-Quads",
    responses=media(
        "application/gzip",
        binary=True,
        description="N-Quads (one named graph per telegram), gzipped: a file to keep, so typed as "
        "application/gzip rather than sent with Content-Encoding, which clients would undo on the way",
    ),
)
async def dump(services: Services = Depends(get_services)) -> Response:
    dumped = await run_in_threadpool(lambda: services.dump)
    return Response(
        dumped.body,
        media_type="application/gzip",
        headers={
            "Content-Disposition": "attachment; filename=cablegraph.nq.gz",
            "ETag": services.etag,
            "Digest": f"sha-256={dumped.sha256}",
        },
    )


@router.get("/sitemap.xml", summary="Sitemap of every telegram", responses=media("application/xml"))
async def sitemap(request: Request, services: Services = Depends(get_services)) -> Response:
    """The dataset and every telegram, at their /id/ paths on this server (a sitemap names its own host's URLs)."""
    doc_ids = await run_in_threadpool(services.records.doc_ids)
    urls = [absolute(request, "id/dataset"), *(absolute(request, f"id/telegram/{d}") for d in doc_ids)]
    body = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    body += [f"<url><loc>{xml_escape(url)}</loc></url>" for url in urls]
    body.append("</urlset>")
    return Response("\n".join(body), media_type="application/xml")


@router.get("/robots.txt", include_in_schema=False)
async def robots(request: Request) -> Response:
    return Response(f"User-agent: *\nAllow: /\nSitemap: {absolute(request, 'sitemap.xml')}\n", media_type="text/plain")
