"""``linkdesk letters list|render|letterhead``.

Until ``letters_cmd`` is registered in ``cli/main.py`` and ``app.py`` wires the renderer into
``Services`` (``letter_renderer``), these run the CLI in-process with both added here; the
subprocess test runs once the wiring is in place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from linkdesk import app
from linkdesk.cli import letters_cmd
from linkdesk.cli import main as cli_main
from linkdesk.cli.context import CliContext
from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from tests.conftest import PASSPHRASE, make_vault
from tests.letters import sample
from tests.letters.conftest import pdf_text

WIRED = letters_cmd in cli_main.COMMAND_MODULES and "letter_renderer" in {
    f.name for f in dataclasses.fields(Services)
}


if "letter_renderer" not in {f.name for f in dataclasses.fields(Services)}:

    @dataclass(frozen=True)
    class _ServicesWithLetters(Services):
        letter_renderer: Any = None


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def caseload_home(home: Path) -> tuple[Path, sample.Sample]:
    store, _code = make_vault(home).create(sample.SERVICE_NAME, PASSPHRASE)
    with store:
        records = RecordService(store, lambda: sample.TODAY)
        built = sample.build(store, records, Casework(records))
    return home, built


@pytest.fixture
def run(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Run]:
    if letters_cmd not in cli_main.COMMAND_MODULES:
        monkeypatch.setattr(cli_main, "COMMAND_MODULES", (*cli_main.COMMAND_MODULES, letters_cmd))
    monkeypatch.setenv("LINKDESK_PASSPHRASE", PASSPHRASE)
    renderer = PdfLetterRenderer()

    def factory(home_arg: str | None) -> CliContext:
        base = app.build_services(home_arg)
        if "letter_renderer" in {f.name for f in dataclasses.fields(base)}:
            wired: Any = dataclasses.replace  # the field exists once app.py wires it
            return CliContext(wired(base, letter_renderer=renderer))
        fields = {f.name: getattr(base, f.name) for f in dataclasses.fields(base)}
        return CliContext(_ServicesWithLetters(**fields, letter_renderer=renderer))

    def call(*args: str) -> Run:
        code = cli_main.run(["--home", str(home), *args], factory)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return call


def test_list_json_is_the_contract_shape(run: Callable[..., Run]) -> None:
    result = run("letters", "list", "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert [set(r) for r in rows] == [{"id", "title", "audience"}] * len(rows)
    assert {r["id"] for r in rows} == {
        "consent-request-parent",
        "consent-request-cyp",
        "school-feedback",
        "discussion-summary",
        "referral-status",
        "visit-prep-sheet",
    }


def test_render_writes_the_pdf_and_logs_it(
    run: Callable[..., Run], caseload_home: tuple[Path, sample.Sample], tmp_path: Path
) -> None:
    _home, s = caseload_home
    out = tmp_path / "feedback.pdf"
    result = run("letters", "render", "school-feedback", "--cyp", s.zoe, "--out", str(out), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["file"] == str(out)
    assert report["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    [entry] = report["letters"]
    assert entry["consent_id"] == s.zoe_consent and entry["pdf_sha256"] == report["sha256"]
    assert "Zoë Ní Bhriain" in pdf_text(out.read_bytes())
    listed = run("list", "letter", f"cyp_id={s.zoe}", "--json")
    assert [r["id"] for r in json.loads(listed.out)] == [entry["id"]]


def test_render_without_consent_exits_1_naming_it_and_writes_nothing(
    run: Callable[..., Run], caseload_home: tuple[Path, sample.Sample], tmp_path: Path
) -> None:
    _home, s = caseload_home
    before = run("state-hash").out
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "refused.pdf"
    result = run("letters", "render", "school-feedback", "--cyp", s.oliver, "--out", str(out))
    assert result.code == 1
    assert "needs the family's consent to share with the school, which has been withdrawn" in result.err
    prose, _colon, command = result.err.partition("record their consent with: ")
    assert "share_with_school" not in prose, "the consent is named in words, not by its code"
    assert command.split()[:3] == ["linkdesk", "add", "consent"] and f"cyp_id={s.oliver}" in command
    assert "scope=share_with_school status=given" in command
    assert result.out == "" and "Traceback" not in result.err
    assert not out.exists() and list(folder.iterdir()) == []
    assert run("state-hash").out == before


def test_render_parent_letter_with_generic_greeting(
    run: Callable[..., Run], caseload_home: tuple[Path, sample.Sample], tmp_path: Path
) -> None:
    _home, s = caseload_home
    out = tmp_path / "parent.pdf"
    result = run("letters", "render", "consent-request-parent", "--cyp", s.zoe, "--out", str(out))
    assert result.code == 0, result.err
    assert result.out.strip() == str(out)
    assert "Dear Parent or Carer," in pdf_text(out.read_bytes())


def test_render_usage_errors(
    run: Callable[..., Run], caseload_home: tuple[Path, sample.Sample], tmp_path: Path
) -> None:
    _home, s = caseload_home
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(SystemExit) as usage:
        run("letters", "render", "school-feedback", "--cyp", s.zoe, "--visit", s.held_visit, "--out", "x.pdf")
    assert usage.value.code == 2
    wrong = run(
        "letters", "render", "school-feedback", "--visit", s.held_visit, "--out", str(tmp_path / "x.pdf")
    )
    assert wrong.code == 1 and "--cyp" in wrong.err
    unknown = run("letters", "render", "nope", "--cyp", s.zoe, "--out", str(tmp_path / "x.pdf"))
    assert unknown.code == 1 and "template" in unknown.err
    assert list(tmp_path.iterdir()) == []


def test_letterhead_settings(
    run: Callable[..., Run], caseload_home: tuple[Path, sample.Sample], tmp_path: Path
) -> None:
    _home, s = caseload_home
    result = run("letters", "letterhead", "--set", "letterhead_contact=Tel 01234 567890", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["letterhead_contact"] == "Tel 01234 567890"
    assert json.loads(result.out)["service_name"] == sample.SERVICE_NAME
    bad = run("letters", "letterhead", "--set", "colour=red")
    assert bad.code == 1
    out = tmp_path / "p.pdf"
    assert run("letters", "render", "consent-request-parent", "--cyp", s.zoe, "--out", str(out)).code == 0
    assert "Tel 01234 567890" in pdf_text(out.read_bytes())


@pytest.mark.skipif(not WIRED, reason="letters_cmd not yet registered in cli/main.py and app.py")
def test_real_process(
    cli: Callable[..., Any], caseload_home: tuple[Path, sample.Sample], tmp_path: Path
) -> None:
    _home, s = caseload_home
    listed = cli("letters", "list", "--json")
    assert listed.code == 0 and len(json.loads(listed.out)) == 6
    refused = cli("letters", "render", "referral-status", "--cyp", s.oliver, "--out", str(tmp_path / "r.pdf"))
    assert refused.code == 1 and "share_with_school" in refused.err and not (tmp_path / "r.pdf").exists()
    made = cli(
        "letters", "render", "visit-prep-sheet", "--visit", s.planned_visit, "--out", str(tmp_path / "v.pdf")
    )
    assert made.code == 0 and (tmp_path / "v.pdf").read_bytes().startswith(b"%PDF-")
