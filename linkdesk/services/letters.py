"""Letters: gather what a letter says, apply the consent gate, render through a port, log it.

The rule (domain.md §3.5, §5.2): a letter that identifies a CYP to a school is refused unless an
active ``share_with_school`` consent covers it; the refusal names the missing consent and nothing
is rendered, written or logged. Every rendered letter is logged as a ``letter`` record (template,
recipient, the consent relied on, the PDF's SHA-256, who, when), so it shows on the CYP's
timeline. A PDF reaches disk only through an atomic write to the path the user chose, in the
same transaction as its log entry.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from linkdesk.domain.managed import ManagedPolicy
from linkdesk.domain.records import Record
from linkdesk.errors import ConsentMissing, FileProblem, ValidationError
from linkdesk.files import write_output
from linkdesk.services.casework import Casework
from linkdesk.services.consent_view import SCOPE_WORDS
from linkdesk.services.letter_data import Gathered, pseudonymous
from linkdesk.services.letter_visits import VisitLetterData
from linkdesk.services.records import RecordService

SHARE_WITH_SCHOOL = "share_with_school"
#: Letters that invite the reader to get in touch through the letterhead's contact line.
CONTACT_AUDIENCES = ("parent_carer",)
NO_CONTACT_NOTICE = (
    "The letterhead has no contact line, so this letter cannot tell the family how to reach you and "
    "leaves that sentence out. Add a telephone number or email in Settings (Contact line), or with "
    "'linkdesk letters letterhead --set letterhead_contact=...'."
)
#: Store settings for the letterhead (``service_name`` comes from ``init``).
LETTERHEAD_SETTINGS = (
    "letterhead_name",
    "letterhead_address",
    "letterhead_contact",
    "letterhead_signature",
    "letterhead_logo",
)
#: Family languages as people write them, to the code of a template translation.
LANGUAGE_CODES = {
    "en": "en",
    "english": "en",
    "pl": "pl",
    "polish": "pl",
    "polski": "pl",
    "ur": "ur",
    "urdu": "ur",
    "اردو": "ur",
    "ar": "ar",
    "arabic": "ar",
    "العربية": "ar",
    "bn": "bn",
    "bengali": "bn",
    "bangla": "bn",
    "বাংলা": "bn",
    "pa": "pa",
    "punjabi": "pa",
    "ਪੰਜਾਬੀ": "pa",
    "ro": "ro",
    "romanian": "ro",
    "română": "ro",
    "lt": "lt",
    "lithuanian": "lt",
    "so": "so",
    "somali": "so",
}
STATE_WORDS = {
    "missing": "has never been recorded",
    "sought": "has been asked for but not given",
    "refused": "was refused",
    "withdrawn": "has been withdrawn",
    "expired": "has expired",
}


@dataclass(frozen=True)
class LetterKind:
    id: str
    audience: str
    #: Which of --cyp / --school / --visit the letter is made from.
    subjects: tuple[str, ...]
    #: The letter names the CYP to a school: refused without an active share_with_school consent.
    gated: bool = False
    #: Made in the family's language where a translation exists.
    translatable: bool = False


KINDS = {
    k.id: k
    for k in (
        LetterKind("consent-request-parent", "parent_carer", ("cyp",), translatable=True),
        LetterKind("consent-request-cyp", "cyp", ("cyp",), translatable=True),
        LetterKind("school-feedback", "school", ("cyp",), gated=True),
        LetterKind("discussion-summary", "school", ("visit", "school")),
        LetterKind("referral-status", "school", ("cyp",), gated=True),
        LetterKind("visit-prep-sheet", "worker", ("visit", "school")),
    )
}


@dataclass(frozen=True)
class LetterContent:
    """Everything the renderer needs, as plain strings (``letters.renderer.LetterInput``)."""

    template: str
    language: str
    values: Mapping[str, str]
    tables: Mapping[str, Sequence[Mapping[str, str]]]
    fields: Mapping[str, str]
    letterhead: Mapping[str, str]


class LetterRenderer(Protocol):
    """The PDF adapter (``linkdesk.letters.renderer.PdfLetterRenderer``)."""

    def catalogue(self) -> list[dict[str, Any]]: ...

    def render(self, letter: LetterContent) -> bytes: ...


@dataclass(frozen=True)
class LetterRequest:
    template: str
    cyp_id: str | None = None
    school_id: str | None = None
    visit_id: str | None = None
    referral_id: str | None = None
    #: The addressee as written ("Mrs A Khan"); without it a generic greeting is used.
    recipient: str | None = None
    #: A translation asked for explicitly (else the CYP's recorded language, else English).
    language: str | None = None


@dataclass(frozen=True)
class RenderedLetter:
    pdf: bytes
    sha256: str
    content: LetterContent
    log: Mapping[str, Any]
    cyps: Mapping[str, str | None]
    notices: tuple[str, ...] = field(default=())


class LetterService:
    def __init__(
        self,
        records: RecordService,
        casework: Casework,
        renderer: LetterRenderer,
        managed: ManagedPolicy | None = None,
    ) -> None:
        self.records = records
        self.casework = casework
        self.renderer = renderer
        #: The organisation's letterhead parts, which win over the store's.
        self.managed = managed or ManagedPolicy()
        self.data = VisitLetterData(records, casework)

    def catalogue(self) -> list[dict[str, Any]]:
        """The templates this service can fill: id, title, audience, languages."""
        return [row for row in self.renderer.catalogue() if row["id"] in KINDS]

    def letterhead(self) -> dict[str, str]:
        managed = self.managed.letterhead

        def setting(key: str) -> str | None:
            return managed[key] if key in managed else self.records.session.setting(key)

        name = managed.get("service_name") or setting("letterhead_name") or setting("service_name") or ""
        address = setting("letterhead_address")
        if address is None:
            address = setting("letterhead") or ""  # the settings page's one-box letterhead
        return {
            "name": name,
            "address": address,
            "contact": setting("letterhead_contact") or "",
            "signature": setting("letterhead_signature") or "",
            "logo": setting("letterhead_logo") or "",
        }

    # -- making a letter ------------------------------------------------------------------------

    def render(self, request: LetterRequest) -> RenderedLetter:
        """Gather, check consent and render in memory; nothing is written or logged yet."""
        kind = KINDS.get(request.template)
        if kind is None:
            raise ValidationError(
                f"template: there is no letter template '{request.template}' (templates: "
                f"{', '.join(sorted(KINDS))}).",
                "template",
            )
        got, language, notices = self._gather(kind, request)
        letterhead = self.letterhead()
        if kind.audience in CONTACT_AUDIENCES and not letterhead["contact"].strip():
            notices.append(NO_CONTACT_NOTICE)
        content = LetterContent(
            template=kind.id,
            language=language,
            values=got.values,
            tables=got.tables,
            fields=got.fields,
            letterhead=letterhead,
        )
        pdf = self.renderer.render(content)
        log = {"template": kind.id, "language": language, "audience": kind.audience, **got.log}
        return RenderedLetter(pdf, hashlib.sha256(pdf).hexdigest(), content, log, got.cyps, tuple(notices))

    def save(self, letter: RenderedLetter, out: Path, rendered_by: str | None) -> list[Record]:
        """Write the PDF atomically to ``out`` and log it, together: a failure leaves neither."""
        out = Path(out).expanduser()
        if not out.parent.is_dir():
            raise FileProblem(f"out: the folder {out.parent} does not exist; nothing was written.")
        written = False
        try:
            with self.records.session.transaction():
                logged = self._log(letter, "saved", rendered_by)
                write_output(out, letter.pdf, self.records.session.home)
                written = True
        except BaseException:
            if written:
                with contextlib.suppress(OSError):
                    out.unlink()
            raise
        return logged

    def record_preview(
        self, letter: RenderedLetter, rendered_by: str | None, output: str = "previewed"
    ) -> list[Record]:
        """Log a letter shown on screen or sent to the printer (no file of LinkDesk's own)."""
        with self.records.session.transaction():
            return self._log(letter, output, rendered_by)

    def _log(self, letter: RenderedLetter, output: str, rendered_by: str | None) -> list[Record]:
        base = {
            **{k: v for k, v in letter.log.items() if v is not None},
            "pdf_sha256": letter.sha256,
            "output": output,
            "rendered_on": self.records.today().isoformat(),
        }
        if rendered_by:
            base["rendered_by"] = rendered_by
        targets: list[tuple[str | None, str | None]] = list(letter.cyps.items()) or [(None, None)]
        logged = []
        for cyp_id, consent_id in targets:
            fields = dict(base)
            if cyp_id:
                fields["cyp_id"] = cyp_id
            if consent_id:
                fields["consent_id"] = consent_id
            logged.append(self.records.add("letter", fields))
        return logged

    # -- gathering and the gate -----------------------------------------------------------------

    def _gather(self, kind: LetterKind, request: LetterRequest) -> tuple[Gathered, str, list[str]]:
        subject = self._subject(kind, request)
        notices: list[str] = []
        language = "en"
        if subject == "cyp":
            cyp = self.records.get("cyp", str(request.cyp_id))
            if kind.translatable:
                language, notices = self._language(kind, cyp, request.language)
            elif request.language and request.language != "en":
                raise ValidationError(f"language: '{kind.id}' is written in English only.", "language")
            if kind.id in ("consent-request-parent", "consent-request-cyp"):
                return (
                    self.data.consent_request(cyp, request.recipient, kind.audience == "cyp"),
                    language,
                    notices,
                )
            consent = self.require_share_consent(kind, cyp)
            if kind.id == "school-feedback":
                return self.data.school_feedback(cyp, consent, request.recipient), language, notices
            referral = self._referral(cyp, request.referral_id)
            return self.data.referral_status(cyp, referral, consent, request.recipient), language, notices
        if kind.id == "discussion-summary":
            held = self._visit(request, held=True)
            named = self._naming_consents(held)
            return self.data.discussion_summary(held, named, request.recipient), language, notices
        school = self.records.get("school", str(request.school_id)) if request.school_id else None
        visit: Record | None = (
            self._visit(request, held=False) if request.visit_id or school is None else None
        )
        if school is None:
            assert visit is not None
            school = self.records.get("school", visit.get("school_id"))
        if visit is None:  # the next planned visit from today, if there is one
            yesterday = date.fromordinal(self.records.today().toordinal() - 1).isoformat()
            visit = self.data.next_visit(school.id, yesterday)
        return self.data.visit_prep(school, visit), language, notices

    def _subject(self, kind: LetterKind, request: LetterRequest) -> str:
        given = [name for name in ("cyp", "school", "visit") if getattr(request, f"{name}_id")]
        options = " or ".join(f"--{s}" for s in kind.subjects)
        if len(given) != 1 or given[0] not in kind.subjects:
            raise ValidationError(f"{kind.id} is made from {options} (exactly one).", kind.subjects[0])
        if request.referral_id and kind.id != "referral-status":
            raise ValidationError("referral: only referral-status takes --referral.", "referral")
        return given[0]

    def require_share_consent(self, kind: LetterKind, cyp: Record) -> Record:
        """The gate: the active share_with_school consent, or ConsentMissing naming it."""
        consent = self.casework.has_active_consent(cyp.id, SHARE_WITH_SCHOOL)
        if consent is not None:
            return consent
        state = self.casework.consent_state(cyp.id)[SHARE_WITH_SCHOOL]
        words = SCOPE_WORDS[SHARE_WITH_SCHOOL].lower()
        raise ConsentMissing(
            f"Refused: '{kind.id}' names {pseudonymous(cyp)} to the school, so it needs the family's "
            f"{words}, which {STATE_WORDS.get(state, 'is not in force')}. No letter was made. "
            "Once the family agrees, record their consent with: linkdesk add consent "
            f"cyp_id={cyp.id} scope={SHARE_WITH_SCHOOL} status=given given_by=parent_carer "
            f"decided_on={self.records.today().isoformat()}"
        )

    def _naming_consents(self, visit: Record) -> dict[str, str | None]:
        """For a school summary: each item's CYP and the consent that allows naming them (or None)."""
        named: dict[str, str | None] = {}
        for item in self.records.find("discussion_item", {"visit_id": visit.id}):
            cyp_id = item.get("cyp_id")
            if cyp_id and cyp_id not in named:
                consent = self.casework.has_active_consent(cyp_id, SHARE_WITH_SCHOOL)
                named[cyp_id] = consent.id if consent else None
        return named

    def _visit(self, request: LetterRequest, *, held: bool) -> Record:
        if request.visit_id:
            visit = self.records.get("visit", request.visit_id)
        else:
            visits = self.records.find("visit", {"school_id": str(request.school_id), "status": "held"})
            if not visits:
                raise ValidationError("school: this school has no held visit to summarise.", "school")
            visit = max(visits, key=lambda v: (v.get("date"), v.id))
        if held and visit.get("status") != "held":
            raise ValidationError(
                f"visit: this visit is {visit.get('status')}; a discussion summary needs a held visit.",
                "visit",
            )
        return visit

    def _referral(self, cyp: Record, referral_id: str | None) -> Record:
        if referral_id:
            referral = self.records.get("referral", referral_id)
            if referral.get("cyp_id") != cyp.id:
                raise ValidationError("referral: that referral is for another child.", "referral")
            return referral
        latest = self.data.latest_referral(cyp.id)
        if latest is None:
            raise ValidationError(f"referral: {pseudonymous(cyp)} has no referral to report on.", "referral")
        return latest

    def _language(self, kind: LetterKind, cyp: Record, asked: str | None) -> tuple[str, list[str]]:
        available = next(
            (row["languages"] for row in self.renderer.catalogue() if row["id"] == kind.id), ["en"]
        )
        if asked:
            code = LANGUAGE_CODES.get(asked.strip().lower(), asked.strip().lower())
            if code not in available:
                raise ValidationError(
                    f"language: '{kind.id}' has no '{asked}' version (it has: {', '.join(available)}).",
                    "language",
                )
            return code, self._review_notice(kind, code)
        recorded = (cyp.get("language") or "").strip()
        if not recorded:
            return "en", []
        found = LANGUAGE_CODES.get(recorded.lower())
        if found in available:
            return str(found), self._review_notice(kind, str(found))
        if found == "en":
            return "en", []
        return "en", [f"There is no {recorded} version of '{kind.id}'; the letter was made in English."]

    def _review_notice(self, kind: LetterKind, code: str) -> list[str]:
        reviewed: dict[str, bool] = next(
            (row.get("reviewed", {}) for row in self.renderer.catalogue() if row["id"] == kind.id), {}
        )
        if code != "en" and not reviewed.get(code, False):
            return [
                f"The '{code}' version of '{kind.id}' is a draft translation, not yet checked by a qualified "
                "translator; the letter says so. Have it checked before it is sent."
            ]
        return []
