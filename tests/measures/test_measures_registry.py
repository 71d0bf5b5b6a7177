"""The registry: the shipped set, licence rules, local wording overrides, and bad data refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from linkdesk.errors import ValidationError
from linkdesk.measures import DefinitionError, MeasureRegistry

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "measures"
CONTRACT_IDS = [
    "cors",
    "gbo",
    "ors",
    "rcads25-c",
    "rcads25-p",
    "rcads47-c",
    "rcads47-p",
    "sdq-p4-17",
    "sdq-s11-17",
    "sdq-t4-17",
    "swemwbs",
    "ypcore",
]


def test_exactly_the_contract_measures(registry: MeasureRegistry) -> None:
    assert registry.ids() == CONTRACT_IDS


#: Definition versions: 1.1.0 where a rule or band changed, or a table was checked (docs/measures.md).
VERSIONS = {
    **dict.fromkeys(("sdq-p4-17", "sdq-s11-17", "sdq-t4-17", "ors", "cors", "ypcore"), "1.1.0"),
}


@pytest.mark.parametrize(
    ("measure", "items", "counts"),
    [
        ("sdq-p4-17", 33, (25, 33)),
        ("sdq-s11-17", 33, (25, 33)),
        ("sdq-t4-17", 31, (25, 31)),
        ("ypcore", 10, (10,)),
        ("swemwbs", 7, (7,)),
        ("gbo", 3, (1, 2, 3)),
        ("ors", 4, (4,)),
        ("cors", 4, (4,)),
        ("rcads25-c", 25, (25,)),
        ("rcads25-p", 25, (25,)),
        ("rcads47-c", 47, (47,)),
        ("rcads47-p", 47, (47,)),
    ],
)
def test_shape_of_each_measure(
    registry: MeasureRegistry, measure: str, items: int, counts: tuple[int, ...]
) -> None:
    definition = registry.get(measure)
    assert len(definition.items) == items
    assert definition.response_counts == counts
    assert definition.version == VERSIONS.get(measure, "1.0.0")


def test_item_text_ships_only_where_the_licence_allows(registry: MeasureRegistry) -> None:
    allowed = {d for d in registry.ids() if registry.get(d).item_text_allowed}
    assert allowed == {"ypcore", "gbo"}
    for measure in registry.ids():
        definition = registry.get(measure)
        if not definition.item_text_allowed:
            assert all(item.text is None for item in definition.items), measure
            assert definition.licence.status.value == "requires_local_licence"


def test_list_rows(registry: MeasureRegistry) -> None:
    rows = {row["id"]: row for row in registry.summaries()}
    assert rows["sdq-t4-17"]["responses"] == [25, 31]
    assert rows["sdq-t4-17"]["informant"] == "teacher"
    assert rows["ypcore"]["scores"] == ["total", "mean"]
    assert rows["swemwbs"]["scores"] == ["raw", "metric"]
    assert rows["rcads47-c"]["licence_status"] == "requires_local_licence"


def test_unknown_measure(registry: MeasureRegistry) -> None:
    with pytest.raises(ValidationError, match=r"Unknown measure 'sdq'; known measures: cors, gbo"):
        registry.get("sdq")


def local_dir(tmp_path: Path, name: str, data: dict[str, object]) -> Path:
    directory = tmp_path / "local"
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(json.dumps(data), encoding="utf-8")
    return directory


def test_licensed_wording_override(tmp_path: Path) -> None:
    directory = local_dir(
        tmp_path,
        "sdq-wording.json",
        {
            "kind": "wording",
            "measure": "sdq-p4-17",
            "licence_reference": "NCCR-TEST-1",
            "items": {"1": "Wording one"},
        },
    )
    registry = MeasureRegistry.load(SHIPPED, [directory])
    definition = registry.get("sdq-p4-17")
    assert definition.item(1).text == "Wording one"
    assert definition.item(2).text is None
    assert definition.item_text_allowed is True
    assert definition.wording_source == "NCCR-TEST-1 (sdq-wording.json)"
    # scoring is untouched
    assert registry.score("sdq-p4-17", ["0"] * 25).scores["total_difficulties"] == 10
    assert (
        registry.score("sdq-p4-17", ["0"] * 25).provenance.wording_source == "NCCR-TEST-1 (sdq-wording.json)"
    )


def wording(measure: str, reference: str, items: dict[str, str]) -> dict[str, object]:
    return {"kind": "wording", "measure": measure, "licence_reference": reference, "items": items}


EMPTY_NORMS = {
    "kind": "norm_table",
    "measure": "rcads25-c",
    "id": "n",
    "title": "t",
    "source": "s",
    "licence_reference": "x",
    "groups": [],
}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (wording("sdq-p4-17", " ", {}), "licence_reference"),
        (wording("nope", "x", {}), "must name a known measure"),
        (wording("ypcore", "x", {"11": "t"}), "'11' is not an item"),
        (wording("ypcore", "x", {"1": ""}), "non-empty wording"),
        (EMPTY_NORMS, "'groups' must be a non-empty list"),
        ({"kind": "thing"}, "'kind' must be one of"),
    ],
)
def test_bad_local_files_are_refused(tmp_path: Path, data: dict[str, object], message: str) -> None:
    directory = local_dir(tmp_path, "bad.json", data)
    with pytest.raises(DefinitionError, match=message):
        MeasureRegistry.load(SHIPPED, [directory])


def test_a_service_cannot_redefine_a_shipped_measure(tmp_path: Path) -> None:
    data = json.loads((SHIPPED / "ypcore.json").read_text(encoding="utf-8"))
    data["scores"][0]["min_answered"] = 5
    with pytest.raises(DefinitionError, match="measure 'ypcore' is already defined"):
        MeasureRegistry.load(SHIPPED, [local_dir(tmp_path, "ypcore-local.json", data)])


def test_a_service_may_add_its_own_measure(tmp_path: Path) -> None:
    data = json.loads((SHIPPED / "ypcore.json").read_text(encoding="utf-8"))
    data["id"] = "ypcore-local"
    registry = MeasureRegistry.load(SHIPPED, [local_dir(tmp_path, "mine.json", data)])
    assert "ypcore-local" in registry.ids()


def test_local_files_are_refused_in_the_shipped_folder(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    shutil.copytree(SHIPPED, shipped)
    (shipped / "w.json").write_text(
        json.dumps({"kind": "wording", "measure": "ypcore", "licence_reference": "x", "items": {}}),
        encoding="utf-8",
    )
    with pytest.raises(DefinitionError, match="wording files belong in a service's own directory"):
        MeasureRegistry.load(shipped)


def edited_copy(tmp_path: Path, name: str, edit) -> Path:
    shipped = tmp_path / "shipped"
    shutil.copytree(SHIPPED, shipped)
    path = shipped / name
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return shipped


def _gap(data: dict) -> None:
    data["bands"]["scores"]["emotional"]["ranges"][1] = [5, 5, "slightly raised"]


def _overlap(data: dict) -> None:
    data["bands"]["scores"]["conduct"]["ranges"][0] = [0, 3, "close to average"]


def _short(data: dict) -> None:
    data["bands_original"]["scores"]["impact"]["ranges"][-1] = [2, 9, "abnormal"]


def _text(data: dict) -> None:
    data["extra_items"][0]["text"] = "Overall, do you think..."


def _unknown_item(data: dict) -> None:
    data["extra_scores"][0]["items"] = [28, 29, 40]


def _table_hole(data: dict) -> None:
    del data["scores"][1]["table"]["20"]


def _bad_json(data: dict) -> None:
    data["scores"] = "nope"


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        ("sdq-p4-17.json", _gap, "bands must cover 0-10 with no gap or overlap"),
        ("sdq-p4-17.json", _overlap, "bands must cover 0-10 with no gap or overlap"),
        ("sdq-p4-17.json", _short, "bands must end at the top of the range"),
        ("sdq-p4-17.json", _text, "carries wording but the licence does not allow"),
        ("sdq-p4-17.json", _unknown_item, "distinct item numbers between 1 and 33"),
        ("swemwbs.json", _table_hole, "one entry for every value of raw"),
        ("gbo.json", _bad_json, "'scores' must be a list"),
    ],
)
def test_bad_shipped_data_fails_loudly(tmp_path: Path, name: str, edit, message: str) -> None:
    with pytest.raises(DefinitionError, match=message):
        MeasureRegistry.load(edited_copy(tmp_path, name, edit))


def test_unreadable_json_names_the_file(tmp_path: Path) -> None:
    directory = tmp_path / "local"
    directory.mkdir()
    (directory / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"broken.json: not valid JSON \(line 1"):
        MeasureRegistry.load(SHIPPED, [directory])


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="not a folder of measure definitions"):
        MeasureRegistry.load(SHIPPED, [tmp_path / "absent"])
