"""The pure parts of the school-list import: UK phone numbers, GIAS dates and statuses, the
three-way merge and how names are compared."""

from __future__ import annotations

import pytest

from linkdesk.domain import gias
from linkdesk.domain.gias_merge import Kept, core_words, merge, name_key, near, read_snapshot, snapshot_text
from linkdesk.domain.phones import uk_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2072831147", "020 7283 1147"),  # London, as a spreadsheet leaves GIAS's number
        ("02072831147", "020 7283 1147"),  # as the GIAS download gives it
        ("020 7283 1147", "020 7283 1147"),
        ("+44 (0)20 7283 1147", "020 7283 1147"),
        ("0044 20 7283 1147", "020 7283 1147"),
        ("442072831147", "020 7283 1147"),
        ("2380000000", "023 8000 0000"),  # Southampton
        ("2920000000", "029 2000 0000"),  # Cardiff
        ("1214751122", "0121 475 1122"),  # Birmingham: 01x1
        ("1132000000", "0113 200 0000"),  # Leeds: 011x
        ("1582000101", "01582 000101"),  # Luton
        ("01582 000101", "01582 000101"),
        ("1697712345", "016977 12345"),  # Brampton, a five-digit area
        ("169772345", "016977 2345"),  # nine digits
        ("1204 12345", "01204 12345"),  # nine digits, four-digit area
        ("3001234567", "0300 123 4567"),
        ("800123456", "0800 123456"),
        ("8001234567", "0800 123 4567"),
        ("7700900123", "07700 900123"),
        ("5512345678", "055 1234 5678"),
        ("01582-000-101", "01582 000101"),
    ],
)
def test_uk_numbers_get_their_zero_and_usual_spacing(raw: str, expected: str) -> None:
    assert uk_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "  ", "+34 952 000 112", "0034952000112", "123", "01582 000101 ext 4", "n/a", "4123456789"]
)
def test_what_is_not_a_uk_number_is_left_to_the_caller(raw: str) -> None:
    assert uk_phone(raw) is None


def test_statuses_and_dates_as_gias_writes_them() -> None:
    assert [gias.gias_status(s) for s in ("Open", "Closed", "Open, but proposed to close")] == [
        "open",
        "closed",
        "proposed_to_close",
    ]
    assert gias.gias_status("Proposed to open") == "proposed_to_open"
    assert gias.gias_status("Opened") is None
    assert gias.gias_date("31-08-2023") == "2023-08-31" and gias.gias_date(" ") is None
    for bad in ("2023-08-31", "31/08/2023", "31-02-2023"):
        with pytest.raises(ValueError):
            gias.gias_date(bad)
    assert gias.overseas("Spain") and not gias.overseas("") and not gias.overseas("United Kingdom")


BASE = {"name": "Marsh Farm", "phone": "01582 000101", "postcode": "LU3 3XX", "gias_status": "open"}


def test_merge_changes_only_what_gias_changed() -> None:
    local = {**BASE, "phone": "01582 999999"}  # corrected in LinkDesk
    incoming = {**BASE, "name": "Marsh Farm Academy"}
    result = merge(local, BASE, incoming)
    assert result.changes == {"name": "Marsh Farm Academy"} and result.kept == []
    assert result.old == {"name": "Marsh Farm"}


def test_merge_keeps_linkdesk_where_both_changed_and_reports_both() -> None:
    local = {**BASE, "phone": "01582 999999"}
    incoming = {**BASE, "phone": "01582 000111"}
    result = merge(local, BASE, incoming)
    assert result.changes == {}
    assert result.kept == [Kept("phone", "01582 999999", "01582 000101", "01582 000111")]


def test_merge_when_both_made_the_same_change_or_gias_cleared_a_value() -> None:
    assert merge({**BASE, "phone": "01582 1"}, BASE, {**BASE, "phone": "01582 1"}).changes == {}
    assert merge(BASE, BASE, {**BASE, "phone": None}).changes == {"phone": None}
    assert merge(BASE, BASE, {**BASE, "name": None}).changes == {}  # a name is never cleared


def test_merge_without_a_snapshot_fills_blanks_and_keeps_local_values() -> None:
    hand = {"name": "Marsh Farm", "phone": "01582 111111"}
    result = merge(hand, None, {**BASE, "phone": "01582 000101"})
    assert result.changes == {"postcode": "LU3 3XX", "gias_status": "open"}
    assert result.kept == [Kept("phone", "01582 111111", None, "01582 000101")]
    # what the importer before snapshots wrote from this very row is GIAS's value, not a local one
    legacy = merge({**BASE, "phone": "1582000101"}, None, BASE, legacy={"phone": "1582000101"})
    assert legacy.changes == {"phone": "01582 000101"} and legacy.kept == []


def test_snapshots_are_canonical_and_unreadable_ones_count_as_none() -> None:
    text = snapshot_text({**BASE, "address": None, "other": "x"})
    assert text == ('{"gias_status":"open","name":"Marsh Farm","phone":"01582 000101","postcode":"LU3 3XX"}')
    assert read_snapshot(text) == BASE
    assert read_snapshot("{not json") is None and read_snapshot("[1]") is None and read_snapshot(None) is None


def test_names_compare_as_people_read_them() -> None:
    assert name_key("St Mary\u2019s  C of E Primary") == name_key("st marys c of e primary")
    assert name_key("Hart & Hill") == "hart and hill"
    assert core_words("St Mary's Catholic Primary School") == {"st", "marys"}
    assert near("Hart Hill School", "Hart Hill Independent School")
    assert near("Ferrars Junior School", "Ferrars Junior Schools")
    assert not near("Ferrars Junior School", "Beech Hill Primary School")
