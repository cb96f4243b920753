"""Extractors by versioned name, built-ins registered like third-party plugins.

A name such as "catalogue.v1" goes into every piece of evidence the extractor
produces. Third parties register under the entry-point group "cablegraph.extractors".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from importlib.metadata import entry_points

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.correspondents import complete_organs
from cablegraph.extract.document import Document
from cablegraph.extract.errors import ExtractError
from cablegraph.extract.extractors.addressing import extract_addressing
from cablegraph.extract.extractors.archive import extract_archive_refs
from cablegraph.extract.extractors.catalogue import extract_catalogue
from cablegraph.extract.extractors.clerical import extract_clerical
from cablegraph.extract.extractors.datelines import extract_datelines
from cablegraph.extract.extractors.headings import extract_headings
from cablegraph.extract.extractors.letterhead import defer_to_title, extract_letterhead
from cablegraph.extract.extractors.numbers import extract_numbers
from cablegraph.extract.extractors.people import extract_unknown_people
from cablegraph.extract.extractors.places import extract_organisations, extract_places
from cablegraph.extract.extractors.references import (
    assign_reference_parties,
    extract_references,
    join_number_and_date,
)
from cablegraph.extract.extractors.unit_settling import settle_units
from cablegraph.extract.extractors.units import extract_units
from cablegraph.extract.fact_merging import merge_facts, reconcile_roles
from cablegraph.extract.facts import Extraction, Fact
from cablegraph.extract.mentions import drop_mentions_outside_content
from cablegraph.extract.open_world_people import merge_open_world_people

Extractor = Callable[[Document, ExtractionContext], Iterable[Fact]]

BUILTIN: dict[str, Extractor] = {
    "catalogue.v1": extract_catalogue,
    "archive.v1": extract_archive_refs,
    "addressing.v1": extract_addressing,
    "letterhead.v1": extract_letterhead,
    "headings.v1": extract_headings,
    "numbers.v1": extract_numbers,
    "dates.v1": extract_datelines,
    "references.v1": extract_references,
    "clerical.v1": extract_clerical,
    "people.v1": extract_unknown_people,
    "places.v1": extract_places,
    "organisations.v1": extract_organisations,
    "units.v1": extract_units,
}
DEFAULT_EXTRACTORS: tuple[str, ...] = tuple(BUILTIN)


def available_extractors() -> dict[str, Extractor]:
    found = dict(BUILTIN)
    for name, extractor in _plugins().items():
        found.setdefault(name, extractor)
    return found


@cache
def _plugins() -> dict[str, Extractor]:
    """Third-party extractors, looked up once per process: scanning the installed packages'
    metadata cost ~15 ms, and run_extractors asks for every document."""
    found: dict[str, Extractor] = {}
    for entry in entry_points(group="cablegraph.extractors"):
        found.setdefault(entry.name, entry.load())
    return found


def run_extractors(
    document: Document, context: ExtractionContext, names: Iterable[str] = DEFAULT_EXTRACTORS
) -> Extraction:
    """Run the named extractors over one document and merge what they found."""
    known = available_extractors()
    facts: list[Fact] = []
    for name in names:
        if name not in known:
            raise ExtractError(f"unknown extractor {name!r}; known: {', '.join(sorted(known))}")
        facts.extend(known[name](document, context))
    facts = drop_mentions_outside_content(facts, document, context)
    facts = complete_organs(merge_open_world_people(facts), context)
    facts = reconcile_roles(defer_to_title(merge_facts(facts), document))
    facts = settle_units(join_number_and_date(merge_facts(assign_reference_parties(facts))))
    return Extraction(document, tuple(facts))
