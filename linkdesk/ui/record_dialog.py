"""A small form in a dialog that writes one change through ``Casework`` on the DB worker.

Subclasses lay out ``Field``s with ``add`` and return the write from ``build`` (raising
ValidationError, with the field's name, for what they can check themselves, such as a date that
is not a date). A refusal from the services is shown under the field it names, the dialog stays
open, and nothing is written. On success the dialog emits ``saved`` with a status-bar message and
closes. The dialog is a child of its page, so locking (which destroys the page) destroys it too.

Keys: the dialog opens with the cursor in its first field (the buttons come last in the Tab
order, so a typed word or a Space never lands on Save), and Ctrl+L locks from inside it. What
is typed can be kept as a draft: ``draft_values`` (None while nothing has changed since the form
opened) and ``restore_values``; the page that opened the form keeps it across a lock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from linkdesk.errors import ValidationError
from linkdesk.services.casework import Casework
from linkdesk.ui import form_state
from linkdesk.ui import labels as L
from linkdesk.ui.errors import user_message
from linkdesk.ui.forms import Field, FieldErrors, field_message
from linkdesk.ui.lock import reach_lock
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, em, text

Write = Callable[[Casework], Any]
DATE_HINT = "give the date as day/month/year, for example 07/12/2026."


def date_box(name: str, value: date | None = None) -> QLineEdit:
    edit = QLineEdit(L.uk_date(value))
    edit.setObjectName(name)
    edit.setPlaceholderText("dd/mm/yyyy")
    edit.setMinimumWidth(em(edit, 6.5))
    edit.setMaximumWidth(em(edit, 8))
    return edit


def read_date(edit: QLineEdit, field: str, today: date) -> str | None:
    """The ISO date typed in ``edit`` (None when empty); ValidationError naming ``field`` if unreadable."""
    try:
        found = L.parse_date(edit.text(), today)
    except ValueError:
        raise ValidationError(f"{field}: {DATE_HINT}", field) from None
    return found.isoformat() if found else None


def dialog_draft(dialog: RecordDialog | None, **context: Any) -> dict[str, Any] | None:
    """The draft of the form a page has open (with ``context``, such as the record's id), or None."""
    values = dialog.draft_values() if dialog is not None else None
    if dialog is None or values is None:
        return None
    return {**context, "form": dialog.draft_kind, "about": dialog.draft_about, "values": values}


def put_back(dialog: RecordDialog | None, state: dict[str, Any]) -> None:
    """Fill the form a page has just opened again from its draft (if it is the same kind of form)."""
    values = state.get("values")
    if dialog is not None and dialog.draft_kind == state.get("form") and isinstance(values, dict):
        dialog.restore_values(values)


class RecordDialog(QDialog):
    #: Written: a line for the status bar.
    saved = Signal(str)
    #: Plainer words for refusals of this form's fields (field name -> message).
    friendly: ClassVar[dict[str, str]] = {}
    #: Which form this is, for a draft: the page command that opens it.
    draft_kind: ClassVar[str] = ""
    #: The record the form is about besides the page's own (an addendum's note, an event's referral).
    draft_about: str | None = None

    def __init__(self, title: str, intro: str, session: Session, parent: QWidget, ok_text: str) -> None:
        super().__init__(parent)
        self.session = session
        self.today = session.today()
        self.setObjectName("recordDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(em(self, 30))
        outer = QVBoxLayout(self)
        pad = em(self, 1.0)
        outer.setContentsMargins(pad, pad, pad, pad)
        outer.setSpacing(em(self, 0.6))
        outer.addWidget(text(title, "h2", wrap=False))
        self.intro = text(intro, "subtle", record=True)
        self.intro.setVisible(bool(intro))
        outer.addWidget(self.intro)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(em(self, 1.0))
        self.grid.setVerticalSpacing(em(self, 0.4))
        outer.addLayout(self.grid)
        self.errors = FieldErrors()
        self.notice = text("", "notice")
        self.notice.setObjectName("dialogNotice")
        self.notice.hide()
        outer.addWidget(self.notice)
        self.problem = text("", "error")
        self.problem.setObjectName("dialogProblem")
        self.problem.hide()
        outer.addWidget(self.problem)
        outer.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = button("Cancel", name="dialogCancel")
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = button(ok_text, primary=True, name="dialogOk")
        self.ok_button.clicked.connect(self.submit)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        outer.addLayout(buttons)
        self._opened_with: dict[str, Any] | None = None
        reach_lock(self, parent)

    def add(self, name: str, field: Field, row: int, column: int, span: int = 1) -> Field:
        self.errors.add(name, field)
        self.grid.addWidget(field, row, column, 1, span, Qt.AlignmentFlag.AlignTop)
        return field

    # -- keys and drafts ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._opened_with is None:
            self._opened_with = self.draft_state_now()
            self._buttons_last()
            first = form_state.first_input([field.widget for field in self.errors.fields.values()])
            if first is not None:
                first.setFocus()

    def _buttons_last(self) -> None:
        """Cancel and Save after every field in the Tab order (they were made before the fields)."""
        chain: list[QWidget] = []
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self and widget not in chain:
            chain.append(widget)
            widget = widget.nextInFocusChain()
        buttons = (self.cancel_button, self.ok_button)
        fields = [w for w in chain if w not in buttons and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if fields:
            QWidget.setTabOrder(fields[-1], self.cancel_button)
            QWidget.setTabOrder(self.cancel_button, self.ok_button)

    def inputs(self) -> dict[str, QWidget]:
        return {name: field.widget for name, field in self.errors.fields.items()}

    def draft_state_now(self) -> dict[str, Any]:
        """Everything typed or chosen, as plain values."""
        return form_state.read(self.inputs())

    def draft_values(self) -> dict[str, Any] | None:
        """What is typed, or None when nothing changed since the form opened."""
        values = self.draft_state_now()
        return values if self._opened_with is not None and values != self._opened_with else None

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put a draft back into the open form and say that it is not saved yet."""
        if self._opened_with is None:
            self._opened_with = self.draft_state_now()
        form_state.write(self.inputs(), values)
        self.notice.setText("Put back from before LinkDesk locked: not saved yet.")
        self.notice.show()

    def draft_title(self) -> str:
        return f"the “{self.windowTitle()}” form"

    def build(self) -> Write:
        """The write to run, from what the form holds; ValidationError for what is wrong here."""
        raise NotImplementedError

    def message(self, result: Any) -> str:
        return "Saved."

    def confirm(self) -> bool:
        """Called before writing; False holds the write back (for a confirm step)."""
        return True

    def submit(self) -> None:
        self.errors.clear()
        self.problem.hide()
        try:
            write = self.build()
        except ValidationError as exc:
            self._refused(exc)
            return
        if not self.confirm():
            return
        self.ok_button.setEnabled(False)
        self.session.casework(write, self._written, self._refused, self)

    def _written(self, result: Any) -> None:
        self.ok_button.setEnabled(True)
        self.saved.emit(self.message(result))
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            words = self.friendly.get(exc.field or "") or field_message(exc)
            if self.errors.show(exc.field, words):
                return
            self.problem.setText(words)
        else:
            self.problem.setText(user_message(exc))
        self.problem.show()
