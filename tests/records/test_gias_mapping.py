"""``docs/gias-mapping.md``, row by row: each row of each table is a test of ``domain.gias``."""

from __future__ import annotations

import re

import pytest

from linkdesk.domain import gias, vocab
from tests.conftest import REPO

DOC = (REPO / "docs" / "gias-mapping.md").read_text("utf-8")


def tables() -> dict[str, list[dict[str, str]]]:
    """Each markdown table of the page, by its first header cell, as rows of cells by header."""
    found: dict[str, list[dict[str, str]]] = {}
    lines = DOC.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("|") and index + 1 < len(lines) and lines[index + 1].startswith("|---"):
            header = [c.strip() for c in line.strip("|").split("|")]
            rows = found.setdefault(header[0], [])
            for row in lines[index + 2 :]:
                if not row.startswith("|"):
                    break
                rows.append(dict(zip(header, (c.strip() for c in row.strip("|").split("|")), strict=True)))
    return found


TABLES = tables()


def value(cell: str) -> str:
    return re.fullmatch(r"`([a-z_]+)`", cell).group(1)  # type: ignore[union-attr]


def ages(cell: str) -> tuple[int | None, int | None]:
    match = re.fullmatch(r"(\d+)-(\d+)", cell.strip())
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def example(cell: str) -> tuple[str, int | None, int | None]:
    phase, _, span = cell.rpartition(", ")
    return (phase, *ages(span))


def row_id(row: dict[str, str]) -> str:
    return " | ".join(row.values())


@pytest.mark.parametrize("row", TABLES["Code"], ids=row_id)
def test_each_establishment_type(row: dict[str, str]) -> None:
    kind = gias.establishment_type(row["TypeOfEstablishment (name)"])
    assert kind is not None and (kind.code, kind.group) == (
        int(row["Code"]),
        row["EstablishmentTypeGroup (name)"],
    )
    phase, low, high = example(row["Example (phase, ages)"])
    setting = gias.setting_type(
        row["TypeOfEstablishment (name)"], phase, low, high, name="Example School", type_code=row["Code"]
    )
    assert setting == value(row["setting_type"])
    by_type = kind.rule not in (gias.PHASE, gias.AGES)
    assert row["Decided by"] == {gias.PHASE: "phase", gias.AGES: "ages"}.get(kind.rule, "type")
    assert not by_type or kind.rule == setting
    assert setting in vocab.SETTING_TYPES


def test_every_type_in_the_code_is_in_the_table_and_back() -> None:
    documented = {(int(r["Code"]), r["TypeOfEstablishment (name)"]) for r in TABLES["Code"]}
    assert documented == {(t.code, t.name) for t in gias.TYPES}


def test_a_type_gias_adds_later_is_decided_by_group_phase_and_ages() -> None:
    assert gias.setting_type("Some new kind", "Secondary", 11, 16) == "secondary"
    assert gias.setting_type("Some new kind", "Not applicable", 5, 19, group="Special schools") == "special"
    assert gias.setting_type("", "Primary", 4, 11, type_code="34") == "primary"  # by code when unnamed


@pytest.mark.parametrize("row", TABLES["PhaseOfEducation (code)"], ids=row_id)
def test_each_phase(row: dict[str, str]) -> None:
    low, high = ages(row["Example ages"])
    assert gias.setting_type("Community school", row["PhaseOfEducation (name)"], low, high) == value(
        row["setting_type"]
    )


@pytest.mark.parametrize("row", TABLES["StatutoryLowAge-StatutoryHighAge"], ids=row_id)
def test_each_age_rule(row: dict[str, str]) -> None:
    low, high = ages(row["StatutoryLowAge-StatutoryHighAge"])
    assert gias.by_ages(low, high) == value(row["setting_type"])
    assert gias.setting_type("Other independent school", "Not applicable", low, high) == value(
        row["setting_type"]
    )


@pytest.mark.parametrize("row", TABLES["EstablishmentName"], ids=row_id)
def test_each_hospital_school_example(row: dict[str, str]) -> None:
    phase, low, high = example(row["Example (phase, ages)"])
    setting = gias.setting_type(
        row["TypeOfEstablishment (name)"], phase, low, high, name=row["EstablishmentName"]
    )
    assert setting == value(row["setting_type"])


@pytest.mark.parametrize("row", TABLES["EstablishmentStatus (code)"], ids=row_id)
def test_each_status(row: dict[str, str]) -> None:
    status = gias.gias_status(row["EstablishmentStatus (name)"])
    assert status == value(row["gias_status"]) and status in vocab.GIAS_STATUSES
