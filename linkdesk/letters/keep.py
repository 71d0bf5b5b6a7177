"""What stays together on a page, and how much of a page may go unused.

- A closing and signature never start a page alone: they keep with the last lines of the
  paragraph before them (``KeepWithTail``); a reply slip (instruction and write-on lines) moves as
  one piece (``whole=True``).
- A heading keeps with the *start* of what follows it (a table's header and first row, a
  paragraph's first two lines), not with all of it: reportlab's ``keepWithNext`` moved a heading
  and its whole table to the next page, leaving the page before it mostly empty. Tables then split
  across pages with their header row repeated (``repeatRows``).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Table

#: A huge height from ``wrap`` makes the frame call ``split``, where the parts are placed.
_ASK_TO_SPLIT = 0xFFFFFF
#: Lines of the paragraph before a closing that go with it when the closing must start a page.
TAIL_LINES = 2


def _height(flowable: Flowable, width: float, height: float) -> float:
    _w, h = flowable.wrap(width, height)
    return float(h + flowable.getSpaceBefore() + flowable.getSpaceAfter())


class KeepWithTail(Flowable):  # type: ignore[misc]
    """``body`` followed by ``tail``, where ``tail`` never begins a page without part of ``body``."""

    def __init__(self, body: Flowable, tail: Sequence[Flowable], *, whole: bool = False) -> None:
        super().__init__()
        self.body = body
        self.tail = list(tail)
        self.whole = whole

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, _ASK_TO_SPLIT

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = [self.body, *self.tail]
        if sum(_height(f, availWidth, availHeight) for f in parts) <= availHeight:
            return parts
        if self.whole or not isinstance(self.body, Paragraph):
            return self._together(parts, availWidth, availHeight)
        body_height = self.body.wrap(availWidth, availHeight)[1]
        leading = float(self.body.style.leading)
        room = min(availHeight - self.body.getSpaceBefore(), body_height - TAIL_LINES * leading + 0.5)
        pieces = self.body.split(availWidth, room) if room >= leading else []
        if len(pieces) == 2:
            return [pieces[0], KeepTogether([pieces[1], *self.tail])]
        return self._together(parts, availWidth, availHeight)

    def _together(self, parts: list[Flowable], width: float, height: float) -> list[Flowable]:
        """All of ``parts`` on the next page (or split there, if they are taller than a page)."""
        together = KeepTogether(parts)
        together._frame = getattr(self, "_frame", None)  # so it knows whether it is at a page top
        return list(together.splitOn(self.canv, width, height))

    def draw(self) -> None:  # pragma: no cover - always split into its parts first
        raise AssertionError("KeepWithTail is placed through split()")


def start_height(flowable: Flowable, width: float, page_height: float) -> float:
    """The least of ``flowable`` that must fit under a heading: a table's header and first row,
    a paragraph's first two lines, else all of it."""
    if isinstance(flowable, Table):
        flowable.wrap(width, page_height)
        rows = list(flowable._rowHeights or [])
        first = max(1, int(getattr(flowable, "repeatRows", 0) or 0) + 1)
        return float(sum(rows[:first]) + flowable.getSpaceBefore())
    if isinstance(flowable, Paragraph):
        full = flowable.wrap(width, page_height)[1]
        return float(min(full, TAIL_LINES * flowable.style.leading) + flowable.getSpaceBefore())
    return _height(flowable, width, page_height)


def keep_headings_with_their_start(
    story: list[Flowable], headings: set[int], width: float, page_height: float
) -> list[Flowable]:
    """Before each heading (by ``id``), a conditional page break sized for the heading and the
    start of what follows it."""
    out: list[Flowable] = []
    for index, flowable in enumerate(story):
        if id(flowable) in headings and index + 1 < len(story):
            needed = _height(flowable, width, page_height)
            needed += start_height(story[index + 1], width, page_height)
            out.append(CondPageBreak(needed))
        out.append(flowable)
    return out
