"""Letter rendering against the budget (architecture.md: one letter under 50 ms, 100 under 3 s).

    .venv/bin/python benchmarks/bench_letters.py

Builds the sample caseload of the letter tests in a temporary store, then times, in one run:
a plain reportlab page (one paragraph, DejaVu embedded), the renderer alone, and whole letters
(gathering from the encrypted store, the consent gate and rendering), one and 100 of each.
Nothing is written to disk but the temporary store.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("LINKDESK_KEYRING", "off")

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from benchmarks._harness import Row, cpu
from linkdesk.letters.fonts import register_fonts
from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.casework import Casework
from linkdesk.services.letters import LetterRequest, LetterService
from linkdesk.services.records import RecordService

BUDGET_ONE_MS = 50.0
BUDGET_HUNDRED_S = 3.0


def plain_page() -> bytes:
    """The baseline: a plain reportlab page in the letters' fonts (regular and bold, both embedded)."""
    body, bold = register_fonts()
    buffer = io.BytesIO()
    style = ParagraphStyle("plain", fontName=body, fontSize=11)
    strong = ParagraphStyle("strong", fontName=bold, fontSize=11)
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [Paragraph("A plain page", strong), Paragraph("Dear Parent or Carer, a plain page.", style)]
    )
    return buffer.getvalue()


def rows(repeat: int = 9) -> list[Row]:
    """One letter (from the store, through the consent gate, to PDF) beside a plain page (CPU)."""
    from tests.conftest import PASSPHRASE, make_vault
    from tests.letters import sample

    folder = Path(tempfile.mkdtemp(prefix="linkdesk-bench-letters-"))
    try:
        store, _code = make_vault(folder / "home").create(sample.SERVICE_NAME, PASSPHRASE)
        with store:
            records = RecordService(store, lambda: sample.TODAY)
            casework = Casework(records)
            s = sample.build(store, records, casework)
            renderer = PdfLetterRenderer()
            service = LetterService(records, casework, renderer)
            feedback = LetterRequest("school-feedback", cyp_id=s.zoe)
            content = service.render(feedback).content
            plain_page()  # fonts registered, templates read: once per process, as in the app
            plain = cpu(plain_page, repeat)
            letter = cpu(lambda: service.render(feedback), repeat)
            drawn = cpu(lambda: renderer.render(content), repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Row("one letter PDF (store, consent gate, PDF)", letter * 1000, plain * 1000, limit_ratio=4),
        Row("  of which drawing the letter", drawn * 1000, plain * 1000),
    ]


def timed(work: Callable[[], object], times: int) -> tuple[float, float]:
    """(median ms of single runs, total s of ``times`` runs)."""
    singles = []
    for _ in range(5):
        start = time.perf_counter()
        work()
        singles.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    for _ in range(times):
        work()
    return statistics.median(singles), time.perf_counter() - start


def main() -> int:
    from tests.conftest import PASSPHRASE, make_vault
    from tests.letters import sample

    folder = Path(tempfile.mkdtemp(prefix="linkdesk-bench-letters-"))
    try:
        store, _code = make_vault(folder / "home").create(sample.SERVICE_NAME, PASSPHRASE)
        with store:
            records = RecordService(store, lambda: sample.TODAY)
            casework = Casework(records)
            s = sample.build(store, records, casework)
            renderer = PdfLetterRenderer()
            service = LetterService(records, casework, renderer)
            feedback = LetterRequest("school-feedback", cyp_id=s.zoe)
            summary = LetterRequest("discussion-summary", visit_id=s.held_visit)
            content = service.render(feedback).content
            plain_page()
            service.render(feedback)  # warm: fonts registered, templates loaded
            rows = [
                ("plain reportlab page", *timed(plain_page, 100)),
                ("renderer only (school-feedback)", *timed(lambda: renderer.render(content), 100)),
                (
                    "school-feedback letter (store + gate + PDF)",
                    *timed(lambda: service.render(feedback), 100),
                ),
                ("discussion-summary letter", *timed(lambda: service.render(summary), 100)),
            ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{'what':46} {'one (median ms)':>16} {'100 (s)':>9}  budget")
    for name, one, hundred in rows:
        verdict = ""
        if "letter" in name:
            ok = one < BUDGET_ONE_MS and hundred < BUDGET_HUNDRED_S
            verdict = "ok" if ok else "OVER"
        print(f"{name:46} {one:16.1f} {hundred:9.2f}  {verdict}")
    print(f"budget: one letter < {BUDGET_ONE_MS:.0f} ms, 100 letters < {BUDGET_HUNDRED_S:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
