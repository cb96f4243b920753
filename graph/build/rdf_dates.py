"""How a partial date ("1950", "August 1950", "3 August 1950") is written in a document graph.

Why separate: the telegram's own dates (graph/build/mapping.py) and the dates of the nodes a fact
describes (graph/build/fact_nodes.py) are written alike: a literal at the date's precision, and the
first and last day it can mean, which range filters compare against.
"""

from __future__ import annotations

import calendar

from rdflib import XSD, Literal

from cablegraph.extract import PartialDate


def date_literal(date: PartialDate) -> Literal:
    """xsd:date, xsd:gYearMonth or xsd:gYear, by what is known."""
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[date.precision]
    return Literal(date.iso(), datatype=datatype)


def date_bounds(date: PartialDate) -> tuple[Literal, Literal]:
    """The first and last day a date at its precision can mean, as xsd:date: a range filter
    compares against these, so "1950-08" and "1950" are found between July and October 1950."""
    year = date.year or 1
    first_month, last_month = (date.month, date.month) if date.month else (1, 12)
    first_day = date.day or 1
    last_day = date.day or calendar.monthrange(year, last_month)[1]
    first, last = f"{year:04d}-{first_month:02d}-{first_day:02d}", f"{year:04d}-{last_month:02d}-{last_day:02d}"
    return Literal(first, datatype=XSD.date), Literal(last, datatype=XSD.date)
