"""Record a case discussion for one visit (domain.md §3.3), from the keyboard, in a few minutes.

Items one under another (Ctrl+Enter or Alt+N adds one, Ctrl+Shift+D removes the one being edited),
then the time spent and what was agreed overall; Ctrl+S saves everything in one go on the DB
worker (``visit_day.save_case_discussion``: all or nothing). A refusal is shown under the field it
names, in the item it names. The form is draft-capable: half-typed items survive a lock.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from linkdesk.errors import ValidationError
from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.school_view import CaseRow, VisitRow
from linkdesk.services.visit_day import ItemProblem, ItemRow, VisitDay, save_case_discussion
from linkdesk.ui import theme
from linkdesk.ui.errors import user_message
from linkdesk.ui.follow_through import NextStep, offer_next_steps, propose
from linkdesk.ui.forms import Field, FieldErrors, field_message, minutes_box, text_box
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.pages.discussion_item import ItemEditor
from linkdesk.ui.pages.item_keys import ItemKeys
from linkdesk.ui.pages.prep import visit_line
from linkdesk.ui.pages.visit_not_held import NotHeldControl
from linkdesk.ui.session import Session
from linkdesk.ui.visit_contact import ContactChoice
from linkdesk.ui.widgets import button, card, em, row, text

Loaded = tuple[VisitRow, list[CaseRow], list[ItemRow]]


def _load(cw: Casework, visit_id: str) -> Loaded:
    day = VisitDay(cw)
    visit = day.visit(visit_id)
    return visit, day.cases_at(visit.school_id), day.items(visit_id)


class DiscussionPage(Page):
    draft_name = "discussion.capture"
    commands = frozenset({"add_item", "remove_item", "back"})

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.visit: VisitRow | None = None
        self.cases: list[CaseRow] = []
        self.editors: list[ItemEditor] = []
        self._baseline: dict[str, Any] | None = None
        self._pending: dict[str, Any] | None = None
        self.back_button = button("‹  Back", link=True, name="discussionBack")
        self.back_button.setAccessibleName("Back without saving (the form is kept)")
        self.back_button.clicked.connect(lambda: self.command("back"))
        self.layout_.addLayout(row(self.back_button, None))
        self.layout_.addWidget(text("Case discussion", "h1", wrap=False))
        self.subtitle = text("Choose a visit on Today or on a school's page.", "subtle", record=True)
        self.subtitle.setObjectName("discussionVisit")
        self.layout_.addWidget(self.subtitle)
        self.notice = text("", "notice")
        self.notice.setObjectName("discussionNotice")
        self.notice.hide()
        self.layout_.addWidget(self.notice)

        self.items_box = QVBoxLayout()
        self.items_box.setSpacing(em(self, 0.7))
        self.layout_.addLayout(self.items_box)
        self.add_button = button("+  Add another item   Ctrl+Enter", name="addItem")
        self.add_button.setAccessibleName("Add another item")
        self.add_button.clicked.connect(self.add_item)
        self.item_keys = ItemKeys(self, lambda: self.editors, self.add_button)
        self.layout_.addLayout(row(self.add_button, None))
        self.layout_.addWidget(self._time_card())
        self.problem = text("", "error")
        self.problem.setObjectName("discussionProblem")
        self.problem.hide()
        self.layout_.addWidget(self.problem)
        self.layout_.addStretch(1)
        outer = self.layout()
        assert outer is not None
        outer.addWidget(self._footer())
        self._set_ready(False)

    def _time_card(self) -> QFrame:
        frame, body = card()
        body.addWidget(text("Time and what was agreed overall", "h2"))
        self.errors = FieldErrors()
        self.held = minutes_box("heldMinutes")
        self.admin = minutes_box("adminMinutes")
        self.travel = minutes_box("travelMinutes")
        self.agenda = QCheckBox("The school sent an agenda beforehand")
        self.agenda.setObjectName("agendaReceived")
        self.summary = text_box("visitSummary", 2)
        self.summary.setPlaceholderText("Anything agreed for the school as a whole")
        self.contact = ContactChoice("visit")
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 1.0))
        placed = (
            ("duration_minutes", Field("&Minutes held", self.held), 0, 0, 1),
            ("admin_minutes", Field("Adm&in minutes", self.admin), 0, 1, 1),
            ("travel_minutes", Field("T&ravel minutes", self.travel), 0, 2, 1),
            ("agenda_received", Field("Agenda", self.agenda), 0, 3, 1),
            ("summary", Field("What was agreed overa&ll", self.summary), 1, 0, 4),
            *((name, field, 2, column * 2, 2) for column, (name, field) in enumerate(self.contact.fields())),
        )
        for name, field, r, c, span in placed:
            grid.addWidget(self.errors.add(name, field), r, c, 1, span)
        grid.setColumnStretch(4, 1)
        body.addLayout(grid)
        self.not_held = NotHeldControl()
        self.not_held.chosen.connect(self.record_not_held)
        body.addWidget(text("Did the visit not go ahead? Record why instead of items:", "subtle"))
        body.addWidget(self.not_held)
        changes = (
            *(box.valueChanged for box in (self.held, self.admin, self.travel)),
            *self.contact.signals(),
        )
        for signal in (*changes, self.agenda.toggled, self.summary.textChanged):
            signal.connect(self._changed)
        return frame

    def _footer(self) -> QFrame:
        footer = QFrame()
        footer.setProperty("role", "footer")
        layout = QHBoxLayout(footer)
        pad = em(self, 0.6)
        layout.setContentsMargins(em(self, 2.0), pad, em(self, 2.0), pad)
        self.unsaved = text("", "subtle", wrap=False)
        self.unsaved.setObjectName("discussionUnsaved")
        self.discard_button = button("&Discard", name="discardDiscussion")
        self.discard_button.clicked.connect(self.discard)
        self.save_button = button("&Save case discussion   Ctrl+S", primary=True, name="saveDiscussion")
        self.save_button.setAccessibleName("Save case discussion")
        self.save_button.setDefault(False)
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.unsaved, 1)
        layout.addWidget(self.discard_button)
        layout.addWidget(self.save_button)
        return footer

    # -- loading ----------------------------------------------------------------------------------

    def show_record(self, record_id: str) -> None:
        if self.record_id and record_id != self.record_id and self.has_unsaved():
            self.message.emit("Save or discard this case discussion before starting another.")
            return
        if record_id == self.record_id and self.visit is not None:
            return
        self.record_id = record_id
        self.session.casework(lambda cw: _load(cw, record_id), self._loaded, self._failed, self)

    def _loaded(self, data: Loaded) -> None:
        visit, cases, items = data
        if visit.id != self.record_id:
            return
        self.visit, self.cases = visit, cases
        self.subtitle.setText(f"{visit.school}  ·  {visit_line(visit, self.services.today())}")
        self._reset(visit)
        if items:
            self._note(
                f"{len(items)} items were already recorded for this visit; new items are added to them."
            )
        pending, self._pending = self._pending, None
        if pending is not None and pending.get("visit_id") == visit.id:
            self._apply(pending)
            self._note(
                "Unsaved items from before LinkDesk locked have been put back. "
                "Save them, or Discard to drop them."
            )
        self._set_ready(True)
        self._changed()
        self.activated()

    def activated(self) -> None:
        """Shown: the cursor goes to the first item still empty, ready to type."""
        if self.isVisible() and self.editors:
            blank = [e for e in self.editors if e.is_blank()]
            (blank[0] if blank else self.editors[0]).who.setFocus()

    def _reset(self, visit: VisitRow) -> None:
        for editor in self.editors:
            self.items_box.removeWidget(editor)
            editor.deleteLater()
        self.editors = []
        self.problem.hide()
        self.notice.hide()
        self.errors.clear()
        self.held.setValue(visit.held_minutes or visit.planned_minutes or 0)
        self.admin.setValue(0)
        self.travel.setValue(0)
        self.agenda.setChecked(False)
        self.summary.clear()
        self.contact.set_values({"contact_type": visit.contact_type, "with_whom": visit.with_whom})
        self.add_item(focus=False)
        self._baseline = self.state()

    def _note(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.show()

    def _set_ready(self, ready: bool) -> None:
        fields: tuple[QWidget, ...] = (self.held, self.admin, self.travel, self.agenda, self.summary)
        for widget in (self.add_button, self.save_button, self.discard_button, *fields, *self.contact.boxes):
            widget.setEnabled(ready)
        self.not_held.setEnabled(ready)

    # -- items ------------------------------------------------------------------------------------

    def add_item(self, focus: bool = True) -> ItemEditor | None:
        if self.visit is None:
            return None
        editor = ItemEditor(len(self.editors) + 1, self.cases, self.services.today(), self.session)
        editor.changed.connect(self._changed)
        editor.consent_recorded.connect(self.message)
        editor.remove_requested.connect(self.remove_item)
        self.items_box.addWidget(editor)
        editor.setVisible(self.visit is not None)  # at once, not on the next turn of the event loop
        self.editors.append(editor)
        self.item_keys.relink()
        if focus:
            editor.who.setFocus()
            scroll = self.findChild(QScrollArea, "pageScroll")
            if scroll is not None:
                scroll.ensureWidgetVisible(editor.who)
        self._changed()
        return editor

    def remove_item(self, editor: QWidget | None = None) -> None:
        target = editor if isinstance(editor, ItemEditor) else self._focused_editor()
        if target is None:
            return
        if len(self.editors) == 1:
            target.restore({})
            target.who.setFocus()
            return
        index = self.editors.index(target)
        self.editors.remove(target)
        self.items_box.removeWidget(target)
        target.hide()
        target.deleteLater()
        for number, other in enumerate(self.editors, start=1):
            other.set_number(number)
        self.item_keys.relink()
        self.editors[min(index, len(self.editors) - 1)].who.setFocus()
        self._changed()

    def _focused_editor(self) -> ItemEditor | None:
        focus = self.focusWidget()
        owner = next((e for e in self.editors if focus is not None and e.isAncestorOf(focus)), None)
        return owner or (self.editors[-1] if self.editors else None)

    def command(self, name: str) -> None:
        if name == "add_item":
            self.add_item()
        elif name == "remove_item":
            self.remove_item()
        elif name == "back":
            self.open_requested.emit("back", "")

    # -- state and drafts ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        return {
            "visit_id": self.record_id,
            "held": self.held.value(),
            "admin": self.admin.value(),
            "travel": self.travel.value(),
            "agenda": self.agenda.isChecked(),
            "summary": self.summary.toPlainText(),
            "contact": self.contact.values(),
            "items": [e.state() for e in self.editors],
        }

    def _apply(self, state: dict[str, Any]) -> None:
        items = state.get("items") or [{}]
        while len(self.editors) < len(items):
            self.add_item(focus=False)
        for editor, item in zip(self.editors, items, strict=False):
            editor.restore(item)
        self.held.setValue(int(state.get("held") or 0))
        self.admin.setValue(int(state.get("admin") or 0))
        self.travel.setValue(int(state.get("travel") or 0))
        self.agenda.setChecked(bool(state.get("agenda")))
        self.summary.setPlainText(str(state.get("summary", "")))
        self.contact.set_values(state.get("contact"))

    def has_unsaved(self) -> bool:
        return self._baseline is not None and self.visit is not None and self.state() != self._baseline

    def _changed(self) -> None:
        unsaved = self.has_unsaved()
        filled = sum(1 for e in self.editors if not e.is_blank())
        self.unsaved.setText(
            f"{filled} of {len(self.editors)} items filled in · not saved yet" if unsaved else ""
        )
        self.unsaved_changed.emit(unsaved)

    def draft_state(self) -> dict[str, Any] | None:
        if self._pending is not None:
            return dict(self._pending)
        return self.state() if self.has_unsaved() else None

    def restore_draft(self, state: dict[str, Any]) -> None:
        visit_id = state.get("visit_id")
        if not isinstance(visit_id, str):
            return
        self._pending = dict(state)
        self.record_id, self.visit = visit_id, None
        self.session.casework(lambda cw: _load(cw, visit_id), self._loaded, self._failed, self)

    def discard(self) -> None:
        if self.visit is not None:
            self._reset(self.visit)
            self._changed()
            self.message.emit("The unsaved case discussion was discarded.")

    # -- saving -----------------------------------------------------------------------------------

    def save(self) -> None:
        visit = self.visit
        if visit is None:
            return
        self.problem.hide()
        self.errors.clear()
        for editor in self.editors:
            editor.errors.clear()
        kept = [e for e in self.editors if not (e.is_blank() and len(self.editors) > 1)]
        items: list[dict[str, Any]] = []
        for editor in kept:
            try:
                items.append(editor.values())
            except ValidationError as exc:
                editor.errors.show(exc.field, str(exc))
                return
        held, admin, travel = (box.value() or None for box in (self.held, self.admin, self.travel))
        contact = self.contact.values()
        summary, agenda = self.summary.toPlainText().strip() or None, self.agenda.isChecked() or None

        def write(cw: Casework) -> tuple[int, list[NextStep]]:
            saved = save_case_discussion(
                cw,
                visit.id,
                items,
                held_minutes=held,
                admin_minutes=admin,
                travel_minutes=travel,
                summary=summary,
                agenda_received=agenda,
                **contact,
            )
            return propose(cw, visit.id, saved)

        self.save_button.setEnabled(False)
        self.session.casework(write, lambda d: self._saved(*d), lambda e: self._save_failed(e, kept), self)

    def record_not_held(self, status: str) -> None:
        """The visit did not go ahead: record why, instead of a case discussion."""
        visit = self.visit
        if visit is None or self.has_unsaved():
            self.message.emit("Save or discard the items typed here first.")
            return
        self.session.casework(
            lambda cw: cw.records.update("visit", visit.id, {"status": status}),
            lambda _r: self._saved(0),
            self._failed,
            self,
        )

    def _saved(self, count: int, steps: list[NextStep] | None = None) -> None:
        self.save_button.setEnabled(True)
        visit = self.visit
        assert visit is not None
        done = f"Case discussion saved: {count} items" if count else "Recorded: the visit did not go ahead"
        self.message.emit(f"{done} for {visit.school}.")
        self.visit = None
        self.record_id = None
        self._baseline = None
        self._changed()
        self.open_requested.emit("back", "")
        offer_next_steps(self, steps or [], visit.school)  # once back; nothing made without a yes

    def _save_failed(self, exc: BaseException, kept: list[ItemEditor]) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ItemProblem) and exc.index < len(kept):
            if kept[exc.index].errors.show(exc.field, field_message(exc)):
                return
        elif isinstance(exc, ValidationError) and self.errors.show(exc.field, field_message(exc)):
            return
        self.problem.setText(
            user_message(exc) if not isinstance(exc, ValidationError) else field_message(exc)
        )
        self.problem.show()

    def _failed(self, exc: BaseException) -> None:
        self.problem.setText(user_message(exc))
        self.problem.show()
