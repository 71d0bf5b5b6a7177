"""The form for a child or young person: add a new child, or change who a child is.

Identity first (names, date of birth, year group, school, NHS number), then up to two parents or
carers and the GP practice. The cursor starts in the first field, Enter saves, Escape cancels, and
a refusal (an NHS number whose check digit is wrong, a date of birth in the future) is shown
beside its field with nothing saved. Before saving, ``cyp_identity.save_cyp`` looks for a child
already held with the same NHS number, or the same name and date of birth: the form then names
them and offers to open that record instead, or to save anyway. Made from an anonymous case
discussion item, the new child is linked to the item in the same write.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any, ClassVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QFrame, QLineEdit, QVBoxLayout, QWidget

from linkdesk.domain import vocab as v
from linkdesk.domain.fields import coerce
from linkdesk.domain.identity import format_nhs_number
from linkdesk.domain.schema import record_type
from linkdesk.errors import ValidationError
from linkdesk.services.cyp_identity import Duplicate, Saved, save_cyp
from linkdesk.services.school_view import SchoolView
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui.forms import Field, choice_box, set_choice
from linkdesk.ui.pages.cyp_sections import clear
from linkdesk.ui.record_dialog import RecordDialog, Write, date_box, read_date
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, em, row, text

#: The form's fields in reading (and Tab) order: (field, label, kind, row, column, span).
_FIELDS = (
    ("given_name", "&Given name *", "text", 0, 0, 1),
    ("family_name", "&Family name", "text", 0, 1, 1),
    ("preferred_name", "&Known as", "text", 0, 2, 1),
    ("sex", "Se&x", "sex", 0, 3, 1),
    ("date_of_birth", "&Date of birth", "date", 1, 0, 1),
    ("year_group", "&Year group", "year", 1, 1, 1),
    ("school_id", "Sc&hool *", "school", 1, 2, 2),
    ("nhs_number", "&NHS number", "text", 2, 0, 2),
    *(
        (f"{prefix}_{part}", label, kind, r, c, 1)
        for prefix, r in (("carer", 4), ("carer2", 6))
        for part, label, kind, c in (
            ("name", "Na&me" if prefix == "carer" else "Name", "text", 0),
            ("relationship", "Relationship", "relation", 1),
            ("phone", "Phone", "text", 2),
            ("email", "Email", "text", 3),
        )
    ),
    ("gp_practice", "GP &practice", "text", 8, 0, 2),
    ("gp_practice_code", "Practice code", "text", 8, 2, 1),
    ("gp_phone", "Practice phone", "text", 8, 3, 1),
)
_SECTIONS = ((3, "Parent or carer"), (5, "Second parent or carer"), (7, "GP"))
NHS_WORDS = "Not a valid NHS number: the check digit is wrong. Check the 10 digits against an NHS letter."


class CypFormDialog(RecordDialog):
    draft_kind = "cyp_form"
    #: The child was saved: their record id.
    record_saved = Signal(str)
    #: The user chose to open a child already held (a possible duplicate): their record id.
    open_record = Signal(str)
    friendly: ClassVar[dict[str, str]] = {
        "nhs_number": NHS_WORDS,
        "given_name": "Give the child's given name.",
        "school_id": "Choose the school.",
    }

    def __init__(
        self,
        session: Session,
        parent: QWidget,
        values: dict[str, Any] | None = None,
        record_id: str | None = None,
        item_id: str | None = None,
    ) -> None:
        title = "Change details" if record_id else "New child or young person"
        intro = "Made from an anonymous case discussion item: the item's history will show on this record."
        ok_text = "&Save changes" if record_id else "&Save new child"
        super().__init__(title, intro if item_id else "", session, parent, ok_text)
        self.setObjectName("cypForm")
        self.setMinimumWidth(em(self, 46))
        self.record_id, self.item_id = record_id, item_id
        self.go_ahead = False
        self.values_in = dict(values or {})
        self.boxes: dict[str, QWidget] = {}
        for name, label, kind, r, c, span in _FIELDS:
            widget = self._make(name, kind)
            self.boxes[name] = widget
            self.add(name, Field(label, widget), r, c, span)
            if name.startswith("carer"):
                who = "Parent or carer" if name.startswith("carer_") else "Second parent or carer"
                widget.setAccessibleName(f"{who}: {name.partition('_')[2]}")
        chain = [*self.boxes.values(), self.cancel_button, self.ok_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        for r, heading in _SECTIONS:
            self.grid.addWidget(text(heading, "h3", wrap=False), r, 0, 1, 4)
        self.errors.fields["nhs_number"].set_hint("10 digits, as on an NHS letter: 943 476 5919")
        self.duplicates = QFrame()
        self.duplicates.setObjectName("cypDuplicates")
        self.duplicates.setProperty("role", "card")
        self.duplicate_rows = QVBoxLayout(self.duplicates)
        self.duplicates.hide()
        self.grid.addWidget(self.duplicates, 9, 0, 1, 4)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self._fill(self.values_in)
        self.session.casework(lambda cw: SchoolView(cw.records).choices(), self._schools, self._refused, self)

    def _make(self, name: str, kind: str) -> QWidget:
        if kind == "date":
            self.date_of_birth = date_box(f"cyp_{name}")
            return self.date_of_birth
        choices: dict[str, Mapping[Any, str]] = {
            "sex": C.choices(v.SEXES, C.SEXES),
            "year": C.YEAR_GROUPS,
            "relation": C.choices(v.CARER_RELATIONSHIPS, C.CARER_RELATIONSHIPS),
        }
        if kind == "school":
            return choice_box(f"cyp_{name}", {}, "Choose…")
        if kind in choices:
            return choice_box(f"cyp_{name}", choices[kind], "—")
        edit = QLineEdit()
        edit.setObjectName(f"cyp_{name}")
        return edit

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.boxes["given_name"].setFocus()

    # -- values ---------------------------------------------------------------------------------------

    def _schools(self, choices: list[tuple[str, str]]) -> None:
        box = self.boxes["school_id"]
        assert isinstance(box, QComboBox)
        box.clear()
        box.addItem("Choose…", None)
        for school_id, name in choices:
            box.addItem(name, school_id)
        set_choice(box, self.values_in.get("school_id"))

    def _fill(self, values: dict[str, Any]) -> None:
        for name, widget in self.boxes.items():
            value = values.get(name)
            if isinstance(widget, QComboBox):
                set_choice(widget, value)
            elif name == "date_of_birth":
                self.date_of_birth.setText(L.uk_date(L.parse_date(value, self.today)) if value else "")
            elif isinstance(widget, QLineEdit):
                shown = format_nhs_number(value) if name == "nhs_number" else value
                widget.setText(str(shown or ""))

    def field_values(self) -> dict[str, Any]:
        """Every field (None where empty); ValidationError naming a field for what is wrong here."""
        out: dict[str, Any] = {}
        for name, widget in self.boxes.items():
            if isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            elif name == "date_of_birth":
                out[name] = read_date(self.date_of_birth, name, self.today)
            elif isinstance(widget, QLineEdit):
                out[name] = widget.text().strip() or None
        if not out["given_name"]:
            raise ValidationError("given_name: give the child's given name.", "given_name")
        if out["nhs_number"]:
            coerce(record_type("cyp").field("nhs_number"), out["nhs_number"])  # the check digit
        if not out["school_id"]:
            raise ValidationError("school_id: choose the school.", "school_id")
        return out

    def build(self) -> Write:
        fields, record_id, item_id = self.field_values(), self.record_id, self.item_id
        go_ahead, self.go_ahead = self.go_ahead, False
        return lambda cw: save_cyp(cw, fields, record_id=record_id, item_id=item_id, allow_duplicate=go_ahead)

    # -- after the write ------------------------------------------------------------------------------

    def _written(self, result: Any) -> None:
        assert isinstance(result, Saved)
        if result.record is None:
            self.ok_button.setEnabled(True)
            self._show_duplicates(result.duplicates)
            return
        self.record_saved.emit(result.record.id)
        super()._written(result)

    def _refused(self, exc: BaseException) -> None:
        super()._refused(exc)
        QTimer.singleShot(0, self, self.fit)  # room for the message once it is laid out

    def fit(self) -> None:
        """Grow to show every line: wrapped messages need more height than the layout asks for."""
        layout = self.layout()
        if layout is None:
            return
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        self.resize(self.width(), max(wanted, layout.totalSizeHint().height(), self.height()))

    def message(self, result: Any) -> str:
        if self.record_id:
            return "Details changed."
        linked = " The case discussion item is linked to it." if result.linked_item else ""
        return "Child or young person added." + linked

    def _show_duplicates(self, found: tuple[Duplicate, ...]) -> None:
        clear(self.duplicate_rows)
        self.duplicate_rows.addWidget(
            text("This may be a child already on LinkDesk. Check before saving:", "h3")
        )
        privacy = self.session.privacy
        for number, dup in enumerate(found):
            born = f"born {L.uk_date(dup.date_of_birth)}" if dup.date_of_birth else ""
            nhs = f"NHS {dup.nhs_number}" if dup.nhs_number else ""
            who = privacy.name(dup.name, dup.initials) if dup.name else dup.initials
            facts = "  ·  ".join(p for p in (who, dup.pseudonym, born, nhs, dup.school) if p)
            why = " and ".join(dup.reasons)
            line = text(f"{facts}  ({why})", record=True)
            line.setObjectName("duplicateMatch")
            opener = button("Open this record", name="duplicate_open")
            opener.setAccessibleName(f"Open the record of {who} {dup.pseudonym}")
            opener.setProperty("record_id", dup.id)
            opener.clicked.connect(lambda _=False, rid=dup.id: self._open_existing(rid))
            self.duplicate_rows.addLayout(row(line, None, opener, spacing=em(self, 0.6)))
            if number == 0:
                opener.setFocus()
        go = button("Save as a new child anyway" if not self.record_id else "Save anyway")
        go.setObjectName("duplicate_continue")
        go.clicked.connect(self._save_anyway)
        self.duplicate_rows.addLayout(row(None, go))
        self.duplicates.show()
        QTimer.singleShot(0, self, self.fit)

    def _save_anyway(self) -> None:
        self.go_ahead = True
        self.submit()

    def _open_existing(self, record_id: str) -> None:
        self.open_record.emit(record_id)
        self.reject()


def present(page: Any, dialog: CypFormDialog) -> CypFormDialog:
    """Show the form from ``page`` (a ``Page``, kept as ``page.dialog`` while open): a new child's
    record opens once saved, and so does a possible duplicate the user chooses to open."""
    previous = getattr(page, "dialog", None)
    if previous is not None:
        previous.close()
    page.dialog = dialog
    dialog.saved.connect(page.message.emit)
    if dialog.record_id is None:
        dialog.record_saved.connect(lambda rid: page.open_requested.emit("cyp", rid))
    dialog.open_record.connect(lambda rid: page.open_requested.emit("cyp", rid))

    def closed() -> None:
        if getattr(page, "dialog", None) is dialog:
            page.dialog = None
        dialog.deleteLater()

    dialog.finished.connect(lambda _r: closed())
    dialog.open()
    return dialog


class HoldsCypForm:
    """For a page that opens the child form (as ``dialog``): the form, half filled, is kept at lock
    under "child" in the page's draft and opened again, filled in, after unlocking."""

    dialog: Any
    spec: Any
    session: Session

    @property
    def draft_name(self) -> str:
        return f"{self.spec.key}.child"

    def draft_state(self) -> dict[str, Any] | None:
        child = self.child_draft()
        return {"child": child} if child else None

    def draft_title(self) -> str:
        return self.dialog.draft_title() if isinstance(self.dialog, CypFormDialog) else "the child form"

    def restore_draft(self, state: dict[str, Any]) -> None:
        self.reopen_child(state)

    def child_draft(self) -> dict[str, Any] | None:
        form = self.dialog
        values = form.draft_values() if isinstance(form, CypFormDialog) else None
        if values is None:
            return None
        return {"values": values, "record_id": form.record_id, "item_id": form.item_id}

    def reopen_child(self, state: dict[str, Any]) -> bool:
        """Open the form kept in ``state`` again; False when ``state`` holds none."""
        child = state.get("child")
        values = child.get("values") if isinstance(child, dict) else None
        if not isinstance(child, dict) or not isinstance(values, dict):
            return False
        record_id, item_id = child.get("record_id"), child.get("item_id")
        form = self.child_form(
            {"school_id": values.get("school_id")},
            record_id if isinstance(record_id, str) else None,
            item_id if isinstance(item_id, str) else None,
        )
        form.restore_values(values)
        return True

    def child_form(
        self, values: dict[str, Any] | None, record_id: str | None = None, item_id: str | None = None
    ) -> CypFormDialog:
        """Show the form (a page may add to what saving it does)."""
        return present(self, CypFormDialog(self.session, self, values, record_id, item_id))  # type: ignore[arg-type]
