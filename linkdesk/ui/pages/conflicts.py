"""Conflicts: fields two people changed without seeing each other's change, settled one by one.

Each open conflict is a card: the record it belongs to (named as search names it, so a child is
shown by initials, year and code), the field, and every value side by side with who wrote it, on
which laptop and when. "Keep this value" writes that value over all of them
(``RecordService.resolve``); the choice travels to teammates with the next bundle. Opened from the
Sync page (``gui --page conflicts``); Alt+Left goes back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from linkdesk.domain.ports import StoreSession
from linkdesk.services.app_services import Services
from linkdesk.services.conflict_view import Choice, ConflictRow, Conflicts, ConflictView, when_words
from linkdesk.services.records import RecordService
from linkdesk.ui import theme
from linkdesk.ui.errors import user_message
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, card, em, empty_state, row, text

ACCESSIBLE_VALUE = 60


def _short(words: str, limit: int = ACCESSIBLE_VALUE) -> str:
    flat = " ".join(words.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class ConflictsPage(Page):
    commands = frozenset({"back"})

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.loaded: Conflicts | None = None
        self.keep_buttons: list[QPushButton] = []
        self.back_button = button("‹  Back to Sync", link=True, name="conflictsBack")
        self.back_button.setToolTip("Back (Alt+Left)")
        self.back_button.clicked.connect(lambda: self.command("back"))
        self.layout_.addLayout(row(self.back_button, None))
        self.subtitle = self.add_heading(
            "Conflicts",
            "Two people changed the same thing without seeing each other's change, so LinkDesk kept "
            "both. Choose the value to keep: teammates get your choice in the next bundle.",
        )
        self.problem = text("", "error")
        self.problem.setObjectName("conflictsProblem")
        self.problem.hide()
        self.layout_.addWidget(self.problem)
        self.list = QWidget()
        self.list.setObjectName("conflictList")
        self.rows = QVBoxLayout(self.list)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(em(self, 0.8))
        self.layout_.addWidget(self.list)
        self.more = text("", "caption", record=True)
        self.more.setObjectName("conflictsMore")
        self.more.hide()
        self.layout_.addWidget(self.more)
        self.empty = empty_state(
            "tick",
            "No conflicts",
            "Every field holds one value: there is nothing to settle. Conflicts appear here when a "
            "bundle brings a change made without seeing yours.",
            colours,
        )
        self.empty.setObjectName("conflictsEmpty")
        self.empty.hide()
        self.layout_.addWidget(self.empty, 1)
        self.hidden = QWidget()
        self.hidden.setObjectName("hiddenByDelete")
        self.hidden_rows = QVBoxLayout(self.hidden)
        self.hidden_rows.setContentsMargins(0, em(self, 1), 0, 0)
        self.hidden_rows.setSpacing(em(self, 0.8))
        self.hidden.hide()
        self.layout_.addWidget(self.hidden)
        self.layout_.addStretch(0)
        session.privacy.changed.connect(self._privacy_changed)  # a method: gone with the page

    # -- loading ------------------------------------------------------------------------------------

    def activated(self) -> None:
        self.reload()

    def reload(self) -> None:
        today = self.session.today
        show_names = not self.session.privacy.on

        def load(store: StoreSession) -> Conflicts:
            view = ConflictView(
                RecordService(store, today), store.team.devices(), store.device_id, show_names
            )
            return view.conflicts()

        self.session.run(load, self._loaded, self._failed, self)

    def _privacy_changed(self, _on: bool) -> None:
        if self.session.open:
            self.reload()

    def _loaded(self, conflicts: Conflicts) -> None:
        had_focus = any(b.hasFocus() for b in self.keep_buttons)
        self.problem.hide()
        self.loaded = conflicts
        self._clear()
        for conflict in conflicts.rows:
            frame = self._conflict_card(conflict)
            self.rows.addWidget(frame)
            frame.show()  # now, not when the event loop next runs: focus can move to it at once
        self._show_hidden(conflicts.hidden)
        self.list.setVisible(bool(conflicts.rows))
        self.empty.setVisible(not conflicts.rows and not conflicts.hidden)
        left = conflicts.total - len(conflicts.rows)
        self.more.setText(f"{left} more conflicts are shown once these are settled." if left > 0 else "")
        self.more.setVisible(left > 0)
        if had_focus:
            (self.keep_buttons[0] if self.keep_buttons else self.back_button).setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.problem.setText(user_message(exc))
        self.problem.show()

    def _show_hidden(self, hidden: list[ConflictRow]) -> None:
        """Changes made without seeing a delete: kept to read, so nothing is lost silently."""
        if hidden:
            self.hidden_rows.addWidget(text("Changes to deleted records", "h2"))
            self.hidden_rows.addWidget(
                text(
                    "Someone changed these records without seeing that a teammate had deleted them. "
                    "The delete stands; the changes are kept here so nothing is lost. If a record "
                    "should not have been deleted, add it again with these values.",
                    "subtle",
                )
            )
        for change in hidden:
            frame, body = card()
            frame.setObjectName("hiddenChange")
            body.addWidget(text(f"{change.record_type} · {change.record}", "h3", record=True))
            body.addWidget(text(f"{change.field}, changed after the delete:", "subtle", record=True))
            for choice in change.choices:
                value = text(choice.shown, "value", record=True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                body.addWidget(value)
                body.addWidget(
                    text(
                        f"By {choice.author} on {choice.laptop}, {when_words(choice.when)}",
                        "caption",
                        record=True,
                    )
                )
            self.hidden_rows.addWidget(frame)
        self.hidden.setVisible(bool(hidden))

    def _clear(self) -> None:
        self.keep_buttons = []
        for rows in (self.rows, self.hidden_rows):
            while rows.count():
                item = rows.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()

    # -- one conflict -------------------------------------------------------------------------------

    def _conflict_card(self, conflict: ConflictRow) -> QFrame:
        frame, body = card()
        frame.setObjectName("conflictCard")
        title = text(f"{conflict.record_type} · {conflict.record}", "h3", record=True)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        if conflict.page:
            opener = button("Open the record", link=True, name="openConflictRecord")
            opener.setAccessibleName(f"Open {_short(conflict.record)}")
            page, page_id = conflict.page, conflict.page_id
            opener.clicked.connect(lambda: self.open_requested.emit(page, page_id))
            head.addWidget(opener, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(head)
        body.addWidget(text(f"{conflict.field}: {len(conflict.choices)} values", "subtle", record=True))
        values = QHBoxLayout()
        values.setSpacing(em(self, 0.8))
        for choice in conflict.choices:
            values.addWidget(self._choice_box(conflict, choice), 1)
        body.addLayout(values)
        return frame

    def _choice_box(self, conflict: ConflictRow, choice: Choice) -> QFrame:
        frame, body = card()
        frame.setProperty("role", "inset")
        frame.setObjectName("conflictValue")
        value = text(choice.shown, "value", record=True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.addWidget(value)
        body.addWidget(text(f"By {choice.author} on {choice.laptop}", "caption", record=True))
        body.addWidget(text(when_words(choice.when), "caption", record=True))
        body.addStretch(1)
        keep = button("Keep this value", name="keepValue")
        keep.setAccessibleName(f"Keep this value: {_short(choice.shown)}, by {choice.author}")
        keep.clicked.connect(lambda: self.keep(conflict, choice))
        self.keep_buttons.append(keep)
        body.addLayout(row(keep, None))
        return frame

    def keep(self, conflict: ConflictRow, choice: Choice) -> None:
        for keep in self.keep_buttons:
            keep.setEnabled(False)
        self.session.casework(
            lambda cw: cw.records.resolve(conflict.id, choice.value),
            lambda _record: self._kept(conflict, choice),
            self._keep_failed,
            self,
        )

    def _kept(self, conflict: ConflictRow, choice: Choice) -> None:
        self.message.emit(f"Conflict settled: the value you chose for {conflict.field.lower()} is kept.")
        self.reload()

    def _keep_failed(self, exc: BaseException) -> None:
        for keep in self.keep_buttons:
            keep.setEnabled(True)
        self._failed(exc)

    # -- commands -----------------------------------------------------------------------------------

    def command(self, name: str) -> None:
        if name == "back":
            self.open_requested.emit("back", "")

    def wipe(self) -> None:
        self._clear()
        self.loaded = None
        super().wipe()
