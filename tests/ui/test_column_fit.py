"""How a table shares its width: every column on one line while there is room; short of room,
long text wraps first but stays readable, then the others, and a hidden column takes no room."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from linkdesk.ui.column_fit import fit_widths
from linkdesk.ui.models.table import Column, TableModel
from linkdesk.ui.tables import Table


def test_with_room_every_column_keeps_its_line_and_long_text_takes_the_spare() -> None:
    assert fit_widths([100, 80, 300], [40, 40, 60], [False, False, True], 600) == [100, 80, 420]


def test_short_of_room_long_text_wraps_first_but_not_below_a_readable_width() -> None:
    natural, least, flexible = [100, 100, 500], [50, 50, 80], [False, False, True]
    assert fit_widths(natural, least, flexible, 450, readable=200) == [100, 100, 250]
    # Below that, the other columns wrap before the sentence becomes a column of single words
    # (it went to its longest word, 80 px, six lines a row, while the others kept their line).
    assert fit_widths(natural, least, flexible, 380, readable=200) == [90, 90, 200]
    assert fit_widths(natural, least, flexible, 250, readable=200) == [50, 50, 150]


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[int], list[int], list[bool], int, int]:
    count = draw(st.integers(1, 9))
    least = draw(st.lists(st.integers(10, 200), min_size=count, max_size=count))
    natural = [low + draw(st.integers(0, 600)) for low in least]
    flexible = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    room = draw(st.integers(sum(least), sum(natural) + 500))
    return natural, least, flexible, room, draw(st.integers(0, 400))


@given(tables())
def test_the_columns_fill_the_room_and_none_is_narrower_than_its_longest_word(
    table: tuple[list[int], list[int], list[bool], int, int],
) -> None:
    natural, least, flexible, room, readable = table
    widths = fit_widths(natural, least, flexible, room, readable=readable)
    assert sum(widths) == room
    assert all(w >= low for w, low in zip(widths, least, strict=True))
    if room >= sum(natural):
        assert all(w >= n for w, n in zip(widths, natural, strict=True))


def test_a_hidden_column_leaves_its_room_to_the_others(qtbot: QtBot) -> None:
    columns = [Column("Case", str), Column("Name", lambda r: f"Name of {r}"), Column("Next", lambda r: r * 3)]
    model = TableModel(columns)
    model.set_rows(["Siobhán O'Neill-Kowalczyk", "Łukasz Wiśniewski"])
    table = Table(model, "fitTable", "Cases")
    qtbot.addWidget(table)
    table.set_widths(8, 8, 0)
    table.resize(700, 300)
    table.show()
    header = table.horizontalHeader()

    def used() -> int:
        return sum(header.sectionSize(c) for c in range(3) if not table.isColumnHidden(c))

    assert used() == table.viewport().width()
    table.setColumnHidden(1, True)  # privacy mode hides the Name column
    table.refit()
    assert used() == table.viewport().width(), "the table leaves no blank strip"
