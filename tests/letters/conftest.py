"""Letters on a real store file: the sample caseload, the real renderer, PDFs read back with pypdf."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.casework import Casework
from linkdesk.services.letters import LetterService
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.letters import sample


@pytest.fixture(scope="session")
def renderer() -> PdfLetterRenderer:
    return PdfLetterRenderer()


@pytest.fixture
def store(vault: Vault) -> Iterator[Store]:
    created, _code = vault.create(sample.SERVICE_NAME, PASSPHRASE)
    with created:
        yield created


@pytest.fixture
def records(store: Store) -> RecordService:
    return RecordService(store, lambda: sample.TODAY)


@pytest.fixture
def casework(records: RecordService) -> Casework:
    return Casework(records)


@pytest.fixture
def caseload(store: Store, records: RecordService, casework: Casework) -> sample.Sample:
    return sample.build(store, records, casework)


@pytest.fixture
def letters(records: RecordService, casework: Casework, renderer: PdfLetterRenderer) -> LetterService:
    return LetterService(records, casework, renderer)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def squash(text: str) -> str:
    """Compare text without whitespace, line breaks or Unicode presentation forms."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base font names embedded in the PDF (subset prefixes removed)."""
    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def body_text(pdf: bytes) -> str:
    """The text inside the page frame only: no letterhead band, running header or footer.

    A long value that runs over pages is then read back in one piece.
    """
    from linkdesk.letters.layout import BAND_HEIGHT, BOTTOM, PAGE_HEIGHT

    parts: list[str] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        top = PAGE_HEIGHT - (BAND_HEIGHT if number == 0 else 15 * MM)

        def visit(
            text: str, cm: list[float], tm: list[float], font: object, size: float, top: float = top
        ) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if BOTTOM - 1 <= y <= top - 1:
                parts.append(text)

        page.extract_text(visitor_text=visit)
    return "".join(parts)


MM = 72 / 25.4
