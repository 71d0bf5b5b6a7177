"""One school: its offer and the contact time delivered against it, the information-sharing
agreement, the next visit, then its cases, contacts and visit history. Cases are shown by
initials, year and code only. From here: change the school, add a contact (Enter on a contact
changes it), add a child, and make a child discussed anonymously into a case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.cyp_identity import AnonymousItem, anonymous_items
from linkdesk.services.school_view import ContactRow, SchoolDetail, SchoolView, VisitRow
from linkdesk.ui import labels as L
from linkdesk.ui import theme
from linkdesk.ui.cyp_form import CypFormDialog
from linkdesk.ui.errors import user_message
from linkdesk.ui.models import columns
from linkdesk.ui.models.table import Column, TableModel
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.pages.school_children import SchoolChildForms
from linkdesk.ui.pages.school_records import CONTACT_FORM, SCHOOL_FORM, AnonymousItems
from linkdesk.ui.plan_visit import PlansVisits, PlanVisitPanel
from linkdesk.ui.record_form import RecordForm
from linkdesk.ui.session import Session
from linkdesk.ui.tables import Table, count_label, section_title
from linkdesk.ui.widgets import button, card, em, row, text


class Stat(QFrame):
    """A small card: a caption, one large value, and a line of detail."""

    def __init__(self, title: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        pad = em(self, 0.75)
        layout.setContentsMargins(pad, round(pad * 0.8), pad, pad)
        layout.setSpacing(em(self, 0.2))
        self.caption = text(title, "caption", wrap=False)
        self.value = text("", "stat", wrap=False, record=True)
        self.detail = text("", "subtle", record=True)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def set(self, value: str, detail: str, tone: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.value.setProperty("tone", tone)
        self.value.setStyleSheet(f"color: {tone};" if tone else "")


class SchoolPage(SchoolChildForms, PlansVisits, Page):
    commands = frozenset({"back", "record_discussion"})

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.detail: SchoolDetail | None = None
        self.dialog: CypFormDialog | None = None
        self._top_row()
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(em(self, 0.2))
        self.title = text("School", "h1", wrap=False, record=True)
        self.title.setObjectName("schoolTitle")
        self.facts = text("", "subtle", record=True)
        self.gias_note = text("", "error", record=True)
        self.gias_note.setObjectName("schoolGiasNote")
        self.gias_note.hide()
        titles.addWidget(self.title)
        titles.addWidget(self.facts)
        titles.addWidget(self.gias_note)
        head.addLayout(titles, 1)
        self.plan_button = button("Plan a visit   Ctrl+N", name="schoolPlan")
        self.plan_button.setAccessibleName("Plan a visit to this school")
        self.plan_button.clicked.connect(self.plan_visit)
        self.record_button = button("Record next case discussion   Ctrl+D", name="schoolRecord")
        self.record_button.setAccessibleName("Record the case discussion of the next visit")
        self.record_button.clicked.connect(lambda: self.command("record_discussion"))
        head.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignBottom)
        head.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.layout_.addLayout(head)
        self.plan = PlanVisitPanel(session, services)
        self.plan.planned.connect(self._planned)
        self.layout_.addWidget(self.plan)
        self.forms = {
            "school": RecordForm(SCHOOL_FORM, session, services.today, "schoolForm"),
            "contact": RecordForm(CONTACT_FORM, session, services.today, "contactForm"),
        }
        self._place_forms()

        self.layout_.addLayout(self._stats_row())

        cols = QHBoxLayout()
        cols.setSpacing(em(self, 1.0))
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(em(self, 0.8))
        right.setSpacing(em(self, 0.8))
        today = services.today()
        self.models: dict[str, TableModel] = {}
        self.tables: dict[str, Table] = {}
        self.counts: dict[str, QLabel] = {}
        left.addWidget(self._list("cases", "Cases", columns.school_cases(today), (6, 7.5, 6, 5, 0)))
        contact_columns = columns.contacts(today, session.privacy)
        left.addWidget(self._list("contacts", "Contacts", contact_columns, (8.5, 11.5, 0, 6.5)))
        self.anonymous = AnonymousItems(colours, today)
        self.anonymous.make_case.connect(self.make_case)
        left.addWidget(self.anonymous)
        right.addWidget(self._list("visits", "Visits", columns.school_visits(today), (4.6, 0, 9.2, 3.6)))
        left.addStretch(1)
        right.addStretch(1)
        cols.addLayout(left, 7)
        cols.addLayout(right, 5)
        self.layout_.addLayout(cols)
        self.tables["visits"].on_open(self._open_visit)
        self.tables["contacts"].on_open(self.edit_contact)
        session.privacy.changed.connect(self._privacy_changed)
        self.problem = text("", "error")
        self.problem.hide()
        self.layout_.addWidget(self.problem)
        self.layout_.addStretch(1)

    def _top_row(self) -> None:
        self.back_button = button("‹  Back", link=True, name="schoolBack")
        self.back_button.setAccessibleName("Back to the list")
        self.back_button.setToolTip("Back (Alt+Left)")
        self.back_button.clicked.connect(lambda: self.command("back"))
        self.edit_button = button("Edit school…", link=True, name="edit_school")
        self.edit_button.setAccessibleName("Change this school's details")
        self.edit_button.clicked.connect(self.edit_school)
        self.layout_.addLayout(row(self.back_button, None, self.edit_button))

    def _place_forms(self) -> None:
        for form in self.forms.values():
            form.saved.connect(self._planned)
            self.layout_.addWidget(form)

    def _privacy_changed(self, _on: bool) -> None:
        """Privacy mode: contact names become initials at once (each cell goes through Privacy.name)."""
        contacts = self.models["contacts"]
        contacts.set_rows(contacts.rows())

    def _stats_row(self) -> QHBoxLayout:
        stats = QHBoxLayout()
        stats.setSpacing(em(self, 0.8))
        self.time_stat = Stat("Contact time this academic year", "statTime")
        self.meter = QProgressBar()
        self.meter.setProperty("role", "meter")
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName("Contact time delivered against contracted")
        self.time_stat.extra.addWidget(self.meter)
        self.offer_stat = Stat("Offer", "statOffer")
        self.agreement_stat = Stat("Information-sharing agreement", "statAgreement")
        self.next_stat = Stat("Next visit", "statNext")
        for stat in (self.time_stat, self.offer_stat, self.agreement_stat, self.next_stat):
            stats.addWidget(stat, 1)
        return stats

    def _list(self, key: str, title: str, cols: list[Column], widths: tuple[float, ...]) -> QWidget:
        frame, body = card()
        body.setSpacing(em(self, 0.3))
        self.counts[key] = count_label()
        heading = section_title(title, self.counts[key])
        adder = {"cases": ("New child…", "new_child"), "contacts": ("New contact…", "new_contact")}
        if key in adder:
            words, name = adder[key]
            add = button(words, name=name)
            add.setAccessibleName(f"{words.rstrip('…')} at this school")
            add.clicked.connect(self.new_child if key == "cases" else self.new_contact)
            body.addLayout(row(heading, add))
        else:
            body.addWidget(heading)
        model = TableModel(cols, self.colours, self)
        table = Table(model, f"school_{key}", title, compact=True)
        table.set_widths(*widths)
        self.models[key], self.tables[key] = model, table
        body.addWidget(table)
        return frame

    # -- loading ----------------------------------------------------------------------------------

    def show_record(self, record_id: str) -> None:
        if record_id != self.record_id:
            self.plan.close_panel()
            for form in self.forms.values():
                form.close_form()
        self.record_id = record_id
        self.reload()

    def activated(self) -> None:
        if self.record_id:
            self.reload()

    def reload(self) -> None:
        school_id = self.record_id
        if school_id is None:
            return

        def load(cw: Casework) -> tuple[SchoolDetail, list[AnonymousItem]]:
            return SchoolView(cw.records).detail(school_id), anonymous_items(cw.records, school_id)

        self.session.casework(load, self._show, self._failed, self)

    def _show(self, loaded: tuple[SchoolDetail, list[AnonymousItem]]) -> None:
        detail, anonymous = loaded
        if detail.id != self.record_id:
            return
        self.detail = detail
        self.anonymous.set_items(anonymous)
        self.problem.hide()
        today = self.services.today()
        self.title.setText(detail.name)
        setting = L.word(L.SETTING_TYPES, detail.setting_type)
        urn = f"URN {detail.urn}" if detail.urn else ""
        workers = f"Link worker: {', '.join(detail.workers)}" if detail.workers else "No link worker assigned"
        facts = [setting, urn, detail.postcode, detail.local_authority, detail.phone, workers]
        self.facts.setText("  ·  ".join(f for f in facts if f))
        self._gias_note(detail, today)
        self._stats(detail, today)
        lists: dict[str, Sequence[object]] = {
            "cases": detail.cases,
            "contacts": detail.contacts,
            "visits": detail.visits,
        }
        for key, rows in lists.items():
            self.models[key].set_rows(rows)
            self.counts[key].setText(str(len(rows)))
        open_cases = sum(1 for c in detail.cases if c.status == "open")
        closed = len(detail.cases) - open_cases
        self.counts["cases"].setText(f"{open_cases} open" + (f" · {closed} closed" if closed else ""))
        self.record_button.setEnabled(detail.next_visit is not None)

    def _gias_note(self, detail: SchoolDetail, today: date) -> None:
        """A warning when GIAS lists the school as closed, or as proposed to close or open."""
        status = detail.gias_status
        if status == "closed":
            since = f" since {L.short_date(detail.closed_on, today)}" if detail.closed_on else ""
            note = f"GIAS lists this school as closed{since}. LinkDesk keeps its record and history."
        elif status in ("proposed_to_close", "proposed_to_open"):
            note = f"GIAS lists this school as {L.GIAS_FLAGS[status].removesuffix(' (GIAS)')}."
        else:
            note = ""
        self.gias_note.setText(note)
        self.gias_note.setVisible(bool(note))

    def _stats(self, detail: SchoolDetail, today: date) -> None:
        ct = detail.contact_time
        self.time_stat.caption.setText(f"Contact time {ct.academic_year}")
        if ct.contracted_minutes:
            share = ct.delivered_minutes / ct.contracted_minutes
            self.meter.setRange(0, ct.contracted_minutes)
            self.meter.setValue(min(ct.delivered_minutes, ct.contracted_minutes))
            self.meter.show()
            self.time_stat.set(
                f"{L.duration(ct.delivered_minutes) or '0 h'} of {L.duration(ct.contracted_minutes)}",
                f"{share:.0%} delivered · {ct.year_elapsed:.0%} of the year gone",
            )
        else:
            self.meter.hide()
            self.time_stat.set(L.duration(ct.delivered_minutes) or "0 h", "No contracted hours recorded")
        offer = detail.offer
        if offer is None:
            self.offer_stat.set(
                "None recorded", f"No service offer for {ct.academic_year}", self.colours.error
            )
        else:
            hours = f"{offer.hours} h a {offer.hours_period or 'year'}" if offer.hours is not None else ""
            session = f"{L.duration(offer.session_minutes)} sessions" if offer.session_minutes else ""
            self.offer_stat.set(
                L.word({}, offer.pattern, "Pattern not set"),
                "  ·  ".join(p for p in (hours, session, L.word(L.FUNDING, offer.funding)) if p),
            )
        agreement = detail.agreement
        tone = self.colours.good if agreement.state == "active" else self.colours.error
        if agreement.state == "missing":
            detail_text = (
                "A draft is waiting to be signed" if agreement.drafts else "None signed with this school"
            )
        else:
            review = f"review {agreement.review_on:%b %Y}" if agreement.review_on else ""
            agreed = f"agreed {agreement.agreed_on:%b %Y}" if agreement.agreed_on else ""
            detail_text = "  ·  ".join(p for p in (agreed, review) if p)
            detail_text = detail_text[:1].upper() + detail_text[1:]
        self.agreement_stat.set(L.word(L.AGREEMENTS, agreement.state), detail_text, tone)
        nxt = detail.next_visit
        if nxt is None:
            self.next_stat.set("None planned", "Ctrl+N plans one", self.colours.subtle)
        else:
            at = f"{nxt.start_time} · " if nxt.start_time else ""
            self.next_stat.set(
                L.relative_day(nxt.date, today),
                f"{at}{L.word(L.VISIT_KINDS, nxt.kind)}  ·  {L.duration(nxt.planned_minutes)}",
            )

    def _failed(self, exc: BaseException) -> None:
        self.problem.setText(user_message(exc))
        self.problem.show()

    # -- commands ---------------------------------------------------------------------------------

    def command(self, name: str) -> None:
        if name == "back":
            self.open_requested.emit("back", "")
        elif name == "record_discussion" and self.detail is not None and self.detail.next_visit is not None:
            self.open_requested.emit("discussion", self.detail.next_visit.id)

    def _open_visit(self, visit: VisitRow) -> None:
        if visit.status in ("planned", "held"):
            self.open_requested.emit("discussion", visit.id)

    def plan_visit(self) -> bool:
        if self.record_id is None:
            return False
        self.plan.open_for(self.record_id, fixed=True)
        return True

    def _planned(self, _visit_id: str, message: str) -> None:
        self.message.emit(message)
        self.reload()

    # -- records made here ------------------------------------------------------------------------

    def edit_school(self) -> None:
        self._edit("school", self.record_id)

    def edit_contact(self, contact: ContactRow) -> None:
        self._edit("contact", contact.id)

    def _edit(self, kind: str, record_id: str | None) -> None:
        if record_id is not None:
            form = self.forms[kind]
            load = lambda cw: cw.records.get(kind, record_id)  # noqa: E731
            self.session.casework(load, form.open_edit, self._failed, self)

    def new_contact(self) -> None:
        if self.record_id is not None:
            self.forms["contact"].open_new(fixed={"school_id": self.record_id})
