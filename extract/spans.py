"""The stretches of a text already read, asked "does this overlap one of them?" in log time.

Why: an extractor that keeps the mentions it took in a list and asks `any(...)` of each new one
is quadratic on a long text of names (100 KB of "ЦК ВКП(б), " took ten seconds).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class SpanSet:
    """The union of the [start, end) spans added, kept as sorted disjoint runs."""

    def __init__(self, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        if end <= start:
            return
        first = bisect_left(self._ends, start)  # the first run that ends at or after `start`
        last = bisect_right(self._starts, end)  # one past the last run that starts at or before `end`
        if first < last:  # the runs in between touch the new span: one run covers them all
            start, end = min(start, self._starts[first]), max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with a span added."""
        index = bisect_right(self._starts, end - 1) - 1
        return index >= 0 and self._ends[index] > start and end > start

    def __len__(self) -> int:
        return len(self._starts)
