"""Regenerate `terms.py` from `cablegraph.ttl`: `python -m cablegraph.ontology.generate`.

The Turtle file is the source of truth; tests fail when terms.py drifts from it.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL, SKOS

from cablegraph.ontology.source import NAMESPACE, ontology_text


def local_terms(graph: Graph) -> list[str]:
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)}
    return sorted(str(s)[len(NAMESPACE) :] for s in subjects)


def render_terms(graph: Graph) -> str:
    lines = [
        '"""Generated from cablegraph.ttl by `python -m cablegraph.ontology.generate`; do not edit."""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class CG(DefinedNamespace):",
        '    """The cablegraph vocabulary."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{NAMESPACE}")',
        "",
    ]
    for name in local_terms(graph):
        iri = URIRef(NAMESPACE + name)
        kind = (
            "class"
            if (iri, RDF.type, OWL.Class) in graph
            else "concept"
            if (iri, SKOS.inScheme, None) in graph
            else "property"
        )
        if (iri, RDF.type, SKOS.ConceptScheme) in graph:
            kind = "scheme"
        lines.append(f"    {name}: URIRef  # {kind}")
    return "\n".join(lines) + "\n"


def main() -> None:
    graph = Graph().parse(data=ontology_text(), format="turtle")
    target = Path(__file__).with_name("terms.py")
    target.write_text(render_terms(graph), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
