"""Render the sample letters of the letter tests and draw their pages as the PNGs in docs/letters.

    .venv/bin/python scripts/letter_images.py [OUT_DIR]

Builds the test caseload (tests/letters/sample.py) in a temporary store, renders every template
for it, and draws each page at 70 dpi with poppler's ``pdftoppm`` (apt package poppler-utils).
The PDFs are kept next to the PNGs only when OUT_DIR is given (default: docs/letters, PNGs only).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LINKDESK_KEYRING", "off")

from linkdesk.letters.renderer import PdfLetterRenderer  # noqa: E402
from linkdesk.services.casework import Casework  # noqa: E402
from linkdesk.services.letters import LetterRequest, LetterService  # noqa: E402
from linkdesk.services.records import RecordService  # noqa: E402
from tests.conftest import PASSPHRASE, make_vault  # noqa: E402
from tests.letters import sample  # noqa: E402


def requests(s: sample.Sample) -> dict[str, LetterRequest]:
    return {
        "consent-request-parent": LetterRequest("consent-request-parent", cyp_id=s.zoe),
        "consent-request-parent-pl": LetterRequest("consent-request-parent", cyp_id=s.lukasz),
        "consent-request-cyp": LetterRequest("consent-request-cyp", cyp_id=s.fatima),
        "school-feedback": LetterRequest("school-feedback", cyp_id=s.zoe),
        "discussion-summary": LetterRequest("discussion-summary", visit_id=s.held_visit),
        "referral-status": LetterRequest("referral-status", cyp_id=s.fatima, referral_id=s.fatima_referral),
        "visit-prep-sheet": LetterRequest("visit-prep-sheet", visit_id=s.planned_visit),
    }


def main() -> int:
    keep_pdf = len(sys.argv) > 1
    out = Path(sys.argv[1]) if keep_pdf else ROOT / "docs" / "letters"
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="linkdesk-letter-images-"))
    try:
        store, _code = make_vault(folder / "home").create(sample.SERVICE_NAME, PASSPHRASE)
        with store:
            records = RecordService(store, lambda: sample.TODAY)
            casework = Casework(records)
            s = sample.build(store, records, casework)
            service = LetterService(records, casework, PdfLetterRenderer())
            for old in out.glob("*.png"):
                old.unlink()
            for name, request in requests(s).items():
                pdf = folder / f"{name}.pdf"
                pdf.write_bytes(service.render(request).pdf)
                subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(out / name)], check=True)
                if keep_pdf:
                    shutil.copy(pdf, out / pdf.name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for png in sorted(out.glob("*.png")):
        print(png.relative_to(out.parent) if png.is_relative_to(out.parent) else png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
