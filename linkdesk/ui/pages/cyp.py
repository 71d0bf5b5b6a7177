"""One child or young person: who they are (the identifiers a clinician checks, in the identity
panel; "Edit details…" changes them), flags, consent at a glance, a red banner when their latest
measure raised a risk item (with a way to record the action taken), risk and safeguarding
(``cyp_risk``), then the record's tabs.

Every change is a form (``cyp_dialogs``, ``measure_entry``, ``cyp_form``) that writes on the DB
worker and reloads the page. The open form is kept as a draft at lock (``draft_name``
"cyp.form") and opened again, filled in, on this record after unlocking. Names appear only
outside privacy mode; the code, initials and year always do.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from linkdesk.domain.records import Record
from linkdesk.measures import ScoringContext
from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.cyp_view import CypDetail, CypView, NoteEntry, ReferralDetail
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui import theme
from linkdesk.ui.cyp_form import CypFormDialog
from linkdesk.ui.errors import user_message
from linkdesk.ui.measure_entry import MeasureEntryDialog
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.pages.cyp_dialogs import (
    CloseCaseDialog,
    ConsentDialog,
    EnteredInErrorDialog,
    EventDialog,
    NoteDialog,
    ReferralDialog,
)
from linkdesk.ui.pages.cyp_identity import IdentityPanel
from linkdesk.ui.pages.cyp_risk import RiskBanner, RiskDialog, RiskSection, action_dialog
from linkdesk.ui.pages.cyp_sections import ALERT, GOOD, MUTED, clear, pill
from linkdesk.ui.pages.cyp_tabs import CypTabs
from linkdesk.ui.record_dialog import RecordDialog, dialog_draft, put_back
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, em, row, text

#: The consent scope the header strip shows first, because it decides what the school may hear.
SCOPE_ORDER = ("share_with_school", "identifiable_discussion", "referral", "liaison", "outcome_measures")


class CypPage(Page):
    draft_name = "cyp.form"
    commands = frozenset(
        {"back", "add_note", "record_consent", "make_referral", "enter_measure", "close_case", "record_risk"}
    )

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.detail: CypDetail | None = None
        self.dialog: RecordDialog | None = None
        self._pending: dict[str, Any] | None = None
        self.back_button = button("‹  Back", link=True, name="cypBack")
        self.back_button.setAccessibleName("Back to the list")
        self.back_button.setToolTip("Back (Alt+Left)")
        self.back_button.clicked.connect(lambda: self.command("back"))
        self.layout_.addLayout(row(self.back_button, None))
        self.layout_.addLayout(self._head())
        self.identity = IdentityPanel()
        self.layout_.addWidget(self.identity)
        self.risk = RiskBanner()
        self.risk.action_requested.connect(lambda: self.command("risk_action"))
        self.layout_.addWidget(self.risk)
        self.consents = QFrame()
        self.consents.setObjectName("consentStrip")
        self.consents.setProperty("role", "card")
        self.consent_row = QHBoxLayout(self.consents)
        pad = em(self, 0.6)
        self.consent_row.setContentsMargins(pad + 4, pad, pad + 4, pad)
        self.consent_row.setSpacing(em(self, 1.2))
        self.layout_.addWidget(self.consents)
        self.risks = RiskSection(colours, session.privacy, services.today())
        self.risks.record_requested.connect(lambda: self.command("record_risk"))
        self.layout_.addWidget(self.risks)
        self.tabs = CypTabs(colours, services.today())
        self.tabs.note_requested.connect(self._note)
        self.tabs.error_requested.connect(self._in_error)
        self.tabs.consent_requested.connect(lambda: self.command("record_consent"))
        self.tabs.referral_requested.connect(lambda: self.command("make_referral"))
        self.tabs.event_requested.connect(self._event)
        self.tabs.measure_requested.connect(lambda: self.command("enter_measure"))
        self.layout_.addWidget(self.tabs)
        self.problem = text("", "error")
        self.problem.setObjectName("cypProblem")
        self.problem.hide()
        self.layout_.addWidget(self.problem)
        self.layout_.addStretch(1)
        session.privacy.changed.connect(self._privacy_changed)

    def _head(self) -> QHBoxLayout:
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(em(self, 0.25))
        line = QHBoxLayout()
        line.setSpacing(em(self, 0.6))
        self.title = text("Child or young person", "h1", wrap=False, record=True)
        self.title.setObjectName("cypTitle")
        line.addWidget(self.title)
        self.pills = QHBoxLayout()
        self.pills.setSpacing(em(self, 0.35))
        line.addLayout(self.pills)
        line.addStretch(1)
        titles.addLayout(line)
        self.facts = text("", "subtle", record=True)
        self.facts.setObjectName("cypFacts")
        titles.addWidget(self.facts)
        head.addLayout(titles, 1)
        self.edit_button = button("Edit details…", name="edit_cyp")
        self.edit_button.setAccessibleName("Change this child's details")
        self.edit_button.clicked.connect(lambda _=False: self.edit())
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.close_button = button("Close the case…", name="cypClose")
        self.close_button.setAccessibleName("Close the case")
        self.close_button.clicked.connect(lambda: self.command("close_case"))
        head.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)
        return head

    # -- loading ------------------------------------------------------------------------------------

    def show_record(self, record_id: str) -> None:
        if record_id != self.record_id:
            self.tabs.setCurrentIndex(0)
        self.record_id = record_id
        self.reload()

    def activated(self) -> None:
        if self.record_id:
            self.reload()

    def reload(self) -> None:
        cyp_id = self.record_id
        if cyp_id is None:
            return
        registry = self.services.measure_registry()

        def load(cw: Casework) -> CypDetail:
            return CypView(cw, registry).detail(cyp_id)

        self.session.casework(load, self._show, self._failed, self)

    def _show(self, detail: CypDetail) -> None:
        if detail.id != self.record_id:
            return
        self.detail = detail
        self.problem.hide()
        self._header()
        self._consent_strip(detail)
        self.risk.show_items(detail.risk, self.services.today())
        self.risks.show_entries(detail.risks)
        self.close_button.setEnabled(detail.status == "open")
        self.tabs.show_detail(detail)
        pending, self._pending = self._pending, None
        if pending is not None and pending.get("cyp_id") == detail.id:
            self._reopen(detail, pending)

    def _privacy_changed(self, _on: bool) -> None:
        self._header()

    def _header(self) -> None:
        detail = self.detail
        if detail is None:
            return
        privacy = self.session.privacy
        self.title.setText(privacy.name(detail.name, detail.initials) if detail.name else detail.initials)
        clear(self.pills)
        self.pills.addWidget(pill(detail.pseudonym, MUTED, "cypCode"))
        if detail.status != "open":
            self.pills.addWidget(pill("Closed", ALERT, "cypClosed"))
        if detail.flags and privacy.on:
            self.pills.addWidget(pill("Flags hidden in privacy mode", MUTED, "cypFlagsHidden"))
        for flag in detail.flags if not privacy.on else ():
            self.pills.addWidget(
                pill(L.word(C.CYP_FLAGS, flag), ALERT if flag.startswith("high_risk") else MUTED)
            )
        today = self.services.today()
        facts = [
            C.case_title(detail.initials, detail.year, detail.pseudonym),
            detail.school,
            f"age {detail.age}" if detail.age is not None else "",
            f"opened {L.short_date(detail.opened_on, today)}" if detail.opened_on else "",
            f"link worker {detail.worker}" if detail.worker else "",
        ]
        if detail.status != "open":
            closed = L.short_date(detail.closed_on, today) if detail.closed_on else ""
            facts.append(f"closed {closed}: {L.word(C.CLOSURE_REASONS, detail.closure_reason)}")
        self.facts.setText("  ·  ".join(f for f in facts if f))
        self.identity.show_identity(detail.identity, detail.age, privacy)

    def _consent_strip(self, detail: CypDetail) -> None:
        clear(self.consent_row)
        states = {c.scope: c for c in detail.consents}
        self.consent_row.addWidget(text("Consent", "h3", wrap=False))
        for scope in SCOPE_ORDER:
            found = states.get(scope)
            if found is None:
                continue
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(text(L.word(C.CONSENT_SCOPES, scope), "caption", wrap=False))
            state = L.word(L.CONSENT_STATES, found.state)
            cell.addWidget(pill(state, GOOD if found.state == "given" else ALERT, f"consent_{scope}"))
            self.consent_row.addLayout(cell)
        self.consent_row.addStretch(1)

    def _failed(self, exc: BaseException) -> None:
        self.problem.setText(user_message(exc))
        self.problem.show()

    # -- commands -------------------------------------------------------------------------------------

    def command(self, name: str) -> None:
        if name == "back":
            self.open_requested.emit("back", "")
            return
        detail = self.detail
        if detail is None:
            return
        case = C.case_title(detail.initials, detail.year, detail.pseudonym)
        if name == "add_note":
            self._note(None)
        elif name == "record_consent":
            scope = detail.missing_consents[0] if detail.missing_consents else None
            self._open(ConsentDialog(self.session, self, detail.id, case, scope))
        elif name == "record_risk":
            level = detail.risks[0].level if detail.risks else None
            self._open(RiskDialog(self.session, self, detail.id, case, level))
        elif name == "risk_action" and detail.risk:
            level = detail.risks[0].level if detail.risks else None
            self._open(action_dialog(self.session, self, detail.id, case, detail.risk, level))
        elif name == "make_referral":
            self._open(ReferralDialog(self.session, self, detail.id, case))
        elif name == "close_case" and detail.status == "open":
            self._open(CloseCaseDialog(self.session, self, detail.id, case))
        elif name == "enter_measure":
            context = ScoringContext(
                age=detail.age, sex=detail.sex if detail.sex in ("female", "male") else None
            )
            registry = self.services.measure_registry()
            self._open(
                MeasureEntryDialog(self.session, self, registry, [(detail.id, case)], detail.id, context)
            )

    def edit(self, draft: dict[str, Any] | None = None) -> None:
        """The child's details in the form, as they are now (or as a kept ``draft`` had them)."""
        cyp_id = self.record_id
        if cyp_id is None:
            return
        self.session.casework(
            lambda cw: cw.records.get("cyp", cyp_id),
            lambda record: self._edit_form(record, draft),
            self._failed,
            self,
        )

    def _edit_form(self, record: Record, draft: dict[str, Any] | None) -> None:
        form = CypFormDialog(self.session, self, dict(record.fields), record.id)
        form.open_record.connect(lambda rid: self.open_requested.emit("cyp", rid))
        self._open(form)
        if draft is not None:
            put_back(form, draft)

    def _note(self, note: object) -> None:
        detail = self.detail
        if detail is not None:
            target = note if isinstance(note, NoteEntry) else None
            case = C.case_title(detail.initials, detail.year, detail.pseudonym)
            self._open(NoteDialog(self.session, self, detail.id, case, target))

    def _in_error(self, note: object) -> None:
        if isinstance(note, NoteEntry):
            self._open(EnteredInErrorDialog(self.session, self, note))

    def _event(self, referral: object) -> None:
        if isinstance(referral, ReferralDetail):
            self._open(EventDialog(self.session, self, referral))

    def _open(self, dialog: RecordDialog) -> None:
        """Show a form (one at a time); when it saves, say so and reload the record."""
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: RecordDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- drafts -------------------------------------------------------------------------------------

    def draft_state(self) -> dict[str, Any] | None:
        if self._pending is not None:
            return dict(self._pending)  # put back after an unlock, not shown yet
        detail = self.detail
        return dialog_draft(self.dialog, cyp_id=detail.id) if detail is not None else None

    def draft_title(self) -> str:
        return self.dialog.draft_title() if self.dialog is not None else "a form on a child's record"

    def restore_draft(self, state: dict[str, Any]) -> None:
        cyp_id = state.get("cyp_id")
        if isinstance(cyp_id, str) and isinstance(state.get("values"), dict):
            self._pending = dict(state)
            self.open_requested.emit("cyp", cyp_id)  # shows the record; the form opens once it loads

    def _reopen(self, detail: CypDetail, state: dict[str, Any]) -> None:
        form, about = state.get("form"), state.get("about")
        note = next((n for n in detail.notes if n.id == about), None)
        if form == "add_note":
            self._note(note)
        elif form == "entered_in_error" and note is not None:
            self._in_error(note)
        elif form == CypFormDialog.draft_kind:
            self.edit(state)  # the form opens once the record is read
            return
        elif form == "referral_event":
            self._event(next((r for r in detail.referrals if r.id == about), None))
        elif isinstance(form, str) and form in self.commands:
            self.command(form)
        put_back(self.dialog, state)

    def _saved(self, message: str) -> None:
        self.message.emit(message)
        self.reload()
