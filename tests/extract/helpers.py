"""Build small documents from a title line, in the archive's export layout."""

from cablegraph.extract import parse_document


def export_document(
    title: str,
    date: str = "October 1, 1950",
    citation_tail: str = "APRF, f. 45, op. 1, d. 334, l. 1.",
    body: str = "Текст телеграммы.\n",
):
    text = (
        f"**{date}**\n\n**{title}**\n\n**Citation:**\n\n"
        f'"{title}", {date}, Wilson Center Digital Archive, {citation_tail} <https://example.org/document/1>\n\n'
        f"**Original Language:**\n\nRussian\n\n**Contents:**\n\nTranscript - Russian\n\n{body}"
    )
    return parse_document(text, doc_id="t")


# The bound of the megabyte timing tests. Linear scans read a megabyte in 0.5–3 s here; a quadratic
# one takes minutes. Under `pytest -n 2` beside server tests a linear scan can take twice its quiet
# time, so the bound leaves room for that and still fails on any quadratic regression.
MEGABYTE_SECONDS = 15.0
