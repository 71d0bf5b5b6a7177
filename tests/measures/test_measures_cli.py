"""``linkdesk measures list|score``: in-process through the dispatcher, and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linkdesk.cli.main import run

ROOT = Path(__file__).resolve().parents[2]
SDQ_FORM = ",".join(str(i % 3) for i in range(25))
SDQ_IMPACT = "1,2,3,2,1,0,2,3"  # minor; 6-12 months; distress 2, home 1, friends 0, class 0, leisure 1


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run through the real dispatcher with no store at all: handlers must not need ``ctx``."""
    try:
        code = run(list(argv), ctx_factory=lambda home: None)  # type: ignore[arg-type,return-value]
    except SystemExit as stop:  # argparse usage errors
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "measures", "list", "--json")
    assert code == 0
    assert err == ""
    rows = json.loads(out)
    assert [row["id"] for row in rows] == [
        "cors", "gbo", "ors", "rcads25-c", "rcads25-p", "rcads47-c", "rcads47-p",
        "sdq-p4-17", "sdq-s11-17", "sdq-t4-17", "swemwbs", "ypcore",
    ]  # fmt: skip
    sdq = next(row for row in rows if row["id"] == "sdq-p4-17")
    assert sdq["title"] == "Strengths and Difficulties Questionnaire: parent-completed, ages 4-17"
    assert sdq["responses"] == [25, 33]
    assert sdq["item_text_allowed"] is False


def test_list_human(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "measures", "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 12
    assert lines[-1].startswith("ypcore ")
    assert "[10 responses; wording; shipped]" in lines[-1]


def test_score_sdq_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(
        capsys, "measures", "score", "sdq-p4-17", "--responses", f"{SDQ_FORM},{SDQ_IMPACT}", "--json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "measure": "sdq-p4-17",
        "scores": {
            "emotional": 5,
            "conduct": 7,
            "hyperactivity": 5,
            "peer": 5,
            "prosocial": 4,
            "total_difficulties": 22,
            "externalising": 12,
            "internalising": 10,
            "impact": 4,
        },
        "bands": {
            "total_difficulties": "very high",
            "emotional": "high",
            "conduct": "very high",
            "hyperactivity": "close to average",
            "peer": "very high",
            "prosocial": "very low",
            "impact": "very high",
        },
        "bands_original": {
            "total_difficulties": "abnormal",
            "emotional": "abnormal",
            "conduct": "abnormal",
            "hyperactivity": "normal",
            "peer": "abnormal",
            "prosocial": "abnormal",
            "impact": "abnormal",
        },
        "flags": [],
        "warnings": [],
        "unverified": [],  # every SDQ table and rule checked (docs/measures.md 2.1)
    }


def test_score_ypcore_with_age_and_sex(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "measures",
        "score",
        "ypcore",
        "--responses",
        "3,3,1,2,1,3,3,3,3,1",
        "--age",
        "14",
        "--sex",
        "male",
    ]
    code, out, _ = cli(capsys, *argv, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["scores"] == {"total": 29.0, "mean": 2.9}
    assert result["bands"] == {"total": "clinical range"}
    assert result["flags"] == ["risk"]
    assert '"total": 29.0' in out  # at least one decimal on the wire


def test_score_human_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "measures", "score", "sdq-t4-17", "--responses", SDQ_FORM)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "SDQ (teacher 4-17) (definition 1.1.0)"
    assert lines[1].split() == ["score", "value", "band", "original", "band"]
    assert lines[2].split() == ["emotional", "5", "high", "borderline"]
    assert lines[-1].split() == ["impact", "–"]
    assert err == "warning: impact: the impact supplement (items 26-31) was not given\n"


def test_human_table_marks_an_unverified_band_and_lists_unverified_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # ORS default set: the adolescent cut-off 28 was not found in any source read (docs 2.5)
    code, out, _ = cli(capsys, "measures", "score", "ors", "--responses", "5,5,5,5")
    assert code == 0
    lines = out.splitlines()
    assert lines[2] == "total  20.0   clinical range (unverified)"
    assert lines[-1] == "unverified: rule.cutoff_tie, rule.missing_items, change.rci"
    code, out, _ = cli(capsys, "measures", "score", "ors", "--responses", "5,5,5,5", "--cutoff-set", "adult")
    assert "total  20.0   clinical range" in out and "range (unverified)" not in out


def test_ypcore_human_output_shows_copyright_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "measures", "score", "ypcore", "--responses", "1,2,3,0,1,2,3,4,0,1")
    assert code == 0
    assert "total  19.0" in out
    assert "mean   1.90" in out
    assert "YP-CORE © CORE System Trust" in err


YP = ["ypcore", "--responses", "1,2,3,0,1,2,3,4,0,1"]
SDQ_BAD = "0,0,0,0,0,0,5" + ",0" * 18


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["sdq-p4-17", "--responses", SDQ_BAD],
            "Item 7 of SDQ (parent 4-17): 5 is outside the answer scale 0-2",
        ),
        (["ypcore", "--responses", "1,2"], "YP-CORE takes 10 responses"),
        (["ypcore", "--responses", "1,2,x,0,1,2,3,4,0,1"], "Item 3 of YP-CORE: 'x' is not a number"),
        (["nope", "--responses", "1"], "Unknown measure 'nope'"),
        ([*YP, "--age", "-3"], "Age -3 is not a plausible age"),
        ([*YP, "--age", "14", "--sex", "male", "--cutoff-set", "x"], "Unknown cut-off set 'x'"),
    ],
)
def test_refused_input_exit_1_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = cli(capsys, "measures", "score", *argv, "--json")
    assert code == 1
    assert out == ""
    assert err.startswith(f"linkdesk: {message}")
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["measures"],
        ["measures", "score", "ypcore"],
        ["measures", "score", "ypcore", "--responses", "1", "--sex", "other"],
        ["measures", "score", "ypcore", "--responses", "1", "--age", "ten"],
        ["measures", "frobnicate"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = cli(capsys, *argv)
    assert code == 2
    assert out == ""


def test_extra_dir_wording_override(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    wording = {
        "kind": "wording",
        "measure": "swemwbs",
        "licence_reference": "WARWICK-TEST",
        "items": {"1": "x"},
    }
    (tmp_path / "swemwbs-wording.json").write_text(json.dumps(wording), encoding="utf-8")
    code, out, _ = cli(capsys, "measures", "list", "--json", "--extra-dir", str(tmp_path))
    assert code == 0
    assert next(r for r in json.loads(out) if r["id"] == "swemwbs")["item_text_allowed"] is True


def run_process(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "LINKDESK_HOME": str(home),
        "LINKDESK_KEYRING": "off",
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-m", "linkdesk", *argv],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_process_list_and_score(tmp_path: Path) -> None:
    listed = run_process("measures", "list", "--json", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 12
    scored = run_process(
        "measures", "score", "swemwbs", "--responses", "2,3,1,4,0,2,3", "--json", home=tmp_path
    )
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout) == {
        "measure": "swemwbs",
        "scores": {"raw": 22, "metric": 19.98},
        "bands": {},
        "bands_original": {},
        "flags": [],
        "warnings": [],
        "unverified": ["rule.missing_items"],
    }
    assert scored.stderr == ""


def test_process_refusal(tmp_path: Path) -> None:
    refused = run_process("measures", "score", "ors", "--responses", "5,5,5,10.5", "--json", home=tmp_path)
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr == "linkdesk: Item 4 of ORS: 10.5 is outside the answer scale 0.0-10.0\n"
