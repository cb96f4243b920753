"""Whose terms apply to what we publish: stated once, for VoID/DCAT and the CMIF export alike.

Why: cablegraph writes data (identifiers, extracted facts, links, evidence positions) about texts it
does not own. The data is ours to license; the telegrams' texts, and the quotations of them kept as
evidence, stay under their sources' terms (corpus/ATTRIBUTION.md: some documents may be under
copyright). A single "CC BY 4.0" for everything would claim more than we may grant.
"""

from __future__ import annotations

DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DATA_LICENCE_NAME = "CC BY 4.0"
DATA_TERMS = (
    "The data cablegraph writes (identifiers, extracted facts, links between documents, people and places, "
    f"evidence positions) is licensed {DATA_LICENCE_NAME}."
)
TEXTS_TERMS = (
    "The texts of the documents, and the quotations from them kept as evidence, are not covered by that licence: "
    "they remain under the terms of their sources (for the sample corpus, the Wilson Center Digital Archive, which "
    "invites reuse for research and education); some documents may be under copyright. See each document's source "
    "page and rights statement."
)
