"""SpanSet answers as the list scan it replaced, in log time (for mentions: spans of one character or more)."""

from hypothesis import given
from hypothesis import strategies as st

from cablegraph.extract.spans import SpanSet

SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda pair: (pair[0], pair[0] + pair[1])), max_size=25
)


@given(SPANS, SPANS)
def test_overlaps_as_a_scan_of_every_span_added(added, asked):
    spans = SpanSet()
    for index, (start, end) in enumerate(added):
        spans.add(start, end)
        for q_start, q_end in asked:
            expected = any(s < q_end and q_start < e for s, e in added[: index + 1])
            assert spans.overlaps(q_start, q_end) == expected, (added[: index + 1], (q_start, q_end))


def test_touching_and_nested_spans_become_one_run():
    spans = SpanSet([(10, 20), (20, 25), (12, 14), (40, 50)])
    assert len(spans) == 2
    assert spans.overlaps(24, 30) and not spans.overlaps(25, 40) and spans.overlaps(0, 11)
    assert not spans.overlaps(30, 30)
