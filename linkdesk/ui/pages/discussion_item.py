"""One item of a case discussion, typed in as the school describes it (domain.md §3.3).

Who: pick a case at the school (typing initials, year or code narrows the list) or type an
anonymous label such as "Y8 girl". Enter takes the one case the list shows; with several it says
to choose, so a half-typed "AL" is never kept as an anonymous label by accident. Then the concern
and its categories, mental health or behaviour, the outcome, the agreed actions and a follow-up
date. Cases are never shown by name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from linkdesk.domain import vocab as v
from linkdesk.errors import ValidationError
from linkdesk.services.school_view import CaseRow
from linkdesk.services.visit_day import DISCUSSION_SCOPE, VisitDay
from linkdesk.ui import labels as L
from linkdesk.ui.forms import Field, FieldErrors, choice_box, set_choice, text_box
from linkdesk.ui.pages.consent_prompt import ConsentPrompt
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import ReflowingFrame, button, em, text

#: Below this many line heights of width an item's fields go in two columns, not four.
NARROW_EM = 62
#: Where each field goes then: (row, column, columns spanned).
NARROW_PLACES = {
    "anon_label": (0, 0, 2),
    "group_size": (1, 0, 1),
    "mh_judgement": (1, 1, 1),
    "concern": (2, 0, 2),
    "concern_categories": (3, 0, 2),
    "outcome": (4, 0, 1),
    "follow_up_on": (4, 1, 1),
    "actions": (5, 0, 2),
}


def case_choice(case: CaseRow) -> str:
    return case.label + ("" if case.status == "open" else " (closed)")


class ItemEditor(ReflowingFrame):
    narrow_em = NARROW_EM

    changed = Signal()
    remove_requested = Signal(QWidget)
    #: A consent was recorded from this item: a line for the status bar.
    consent_recorded = Signal(str)

    def __init__(self, number: int, cases: list[CaseRow], today: date, session: Session) -> None:
        super().__init__()
        self.setProperty("role", "item")
        self.today = today
        self.session = session
        self._cases = {case_choice(c): c.id for c in cases}
        self._labels = {c.id: c.label for c in cases}
        #: Each case's consent to identifiable discussion, in words.
        self._consent = {c.id: c.discussion_consent for c in cases}
        self.errors = FieldErrors()
        outer = QVBoxLayout(self)
        pad = em(self, 0.7)
        outer.setContentsMargins(pad + 2, round(pad * 0.7), pad, pad)
        outer.setSpacing(em(self, 0.35))
        head = QHBoxLayout()
        self.title = text("", "h3", wrap=False)
        self.remove_button = button("Remove item", link=True)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.remove_button)
        outer.addLayout(head)

        self._make_inputs()
        self._place(outer)
        self._connect()
        self.set_number(number)
        self._who_changed(self.who.text())

    def _make_inputs(self) -> None:
        self.who = QLineEdit()
        self.who.setObjectName("itemWho")
        self.who.setPlaceholderText("Initials, year or code of a case, or a label like 'Y8 girl'")
        completer = QCompleter(QStringListModel(list(self._cases), self), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.who.setCompleter(completer)
        self.suggestions = completer
        # Made now, so this item's filter sees Enter before the completer's own filter on it.
        popup = completer.popup()
        assert popup is not None
        self.suggestion_list = popup
        popup.installEventFilter(self)
        self.who.installEventFilter(self)
        self.group = QCheckBox("About a group")
        self.group.setObjectName("itemGroup")
        self.group_size = QSpinBox()
        self.group_size.setObjectName("itemGroupSize")
        self.group_size.setRange(0, 500)
        self.group_size.setSpecialValueText("How many?")
        self.group_size.setEnabled(False)
        self.concern = text_box("itemConcern", 3)
        self.concern.setPlaceholderText("What the school is worried about, in their words")
        self.categories = QListWidget()
        self.categories.setObjectName("itemCategories")
        self.categories.setProperty("role", "checks")
        self.categories.setFlow(QListView.Flow.LeftToRight)
        self.categories.setWrapping(True)
        self.categories.setResizeMode(QListView.ResizeMode.Adjust)
        words = [L.word(L.CONCERNS, value) for value in v.CONCERNS]
        widest = max(self.fontMetrics().horizontalAdvance(word) for word in words)
        cell = QSize(max(em(self, 10.4), widest + em(self, 2.6)), em(self, 1.45))  # tick box, gap
        self.categories.setGridSize(cell)
        self.categories.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.categories.setFixedHeight(em(self, 1.45) * 5 + 4)
        for value in v.CONCERNS:
            entry = QListWidgetItem(L.word(L.CONCERNS, value))
            entry.setData(Qt.ItemDataRole.UserRole, value)
            entry.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            entry.setCheckState(Qt.CheckState.Unchecked)
            entry.setSizeHint(cell)
            self.categories.addItem(entry)
        self.mh = choice_box("itemJudgement", L.MH_JUDGEMENTS, "Not judged")
        self.outcome = choice_box("itemOutcome", L.OUTCOMES, "Not decided yet")
        self.follow_up = QLineEdit()
        self.follow_up.setObjectName("itemFollowUp")
        self.follow_up.setPlaceholderText("dd/mm/yyyy")
        self.agreed = text_box("itemActions", 2)
        self.agreed.setPlaceholderText("Who will do what")
        self.consent = ConsentPrompt(self.session, "itemConsent")
        self.consent.recorded.connect(self._consent_recorded)

    def _place(self, outer: QVBoxLayout) -> None:
        group_box = QWidget()
        group_row = QHBoxLayout(group_box)
        group_row.setContentsMargins(0, 0, 0, 0)
        group_row.addWidget(self.group)
        group_row.addWidget(self.group_size, 1)
        self.fields: dict[str, tuple[str, Field]] = {}
        self._wide_places: dict[str, tuple[int, int, int]] = {}
        self.narrow = False  # laid out wide below
        self.grid = grid = QGridLayout()
        outer.addLayout(grid)
        grid.setHorizontalSpacing(em(self, 1.0))
        grid.setVerticalSpacing(em(self, 0.35))
        placed = (
            ("anon_label", "Who was disc&ussed", self.who, 0, 0, 2),
            ("group_size", "Group", group_box, 0, 2, 1),
            ("mh_judgement", "Mental health or behaviour", self.mh, 0, 3, 1),
            ("concern", "Conc&ern", self.concern, 2, 0, 2),
            ("concern_categories", "Concern categories (Space ticks)", self.categories, 2, 2, 2),
            ("outcome", "&Outcome", self.outcome, 3, 0, 1),
            ("follow_up_on", "Follow u&p on", self.follow_up, 3, 1, 1),
            ("actions", "&Agreed actions", self.agreed, 3, 2, 2),
        )
        for name, title, widget, r, c, span in placed:
            field = Field(title, widget, target=self.group_size if widget is group_box else None)
            self.fields[name] = (title.replace("&", ""), field)
            self.errors.add(name, field)
            self._wide_places[name] = (r, c, span)
            grid.addWidget(field, r, c, 1, span, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.consent, 1, 0, 1, 4)
        self.errors.add("cyp_id", self.fields["anon_label"][1])
        self.errors.add("subject", self.fields["group_size"][1])
        self.errors.add("group_size", self.fields["group_size"][1])
        self.group_size.setAccessibleName("Group size")
        for column, stretch in enumerate((3, 3, 3, 3)):
            grid.setColumnStretch(column, stretch)

    def tab_chain(self) -> tuple[QWidget, ...]:
        """The item's inputs in reading order, then its Remove button (the page links the items)."""
        return (
            self.who,
            self.consent.record_button,
            self.group,
            self.group_size,
            self.mh,
            self.concern,
            self.categories,
            self.outcome,
            self.follow_up,
            self.agreed,
            self.remove_button,
        )

    def arrange(self, narrow: bool) -> None:
        """Four columns of fields, or two on a narrow window (the tab order stays the same)."""
        places = NARROW_PLACES if narrow else self._wide_places
        for name, (r, c, span) in places.items():
            field = self.fields[name][1]
            self.grid.removeWidget(field)
            self.grid.addWidget(field, r, c, 1, span, Qt.AlignmentFlag.AlignTop)
        for column in (2, 3):
            self.grid.setColumnStretch(column, 0 if narrow else 3)

    def _connect(self) -> None:
        self.who.textChanged.connect(self._who_changed)
        self.group.toggled.connect(self._group_toggled)
        for signal in (
            self.who.textChanged,
            self.follow_up.textChanged,
            self.concern.textChanged,
            self.agreed.textChanged,
            self.group.toggled,
            self.group_size.valueChanged,
            self.mh.currentIndexChanged,
            self.outcome.currentIndexChanged,
            self.categories.itemChanged,
        ):
            signal.connect(self.changed)

    # -- numbering and names ------------------------------------------------------------------

    def set_number(self, number: int) -> None:
        self.number = number
        self.title.setText(f"Item {number}")
        self.remove_button.setAccessibleName(f"Remove item {number}")
        for title, field in self.fields.values():
            field.widget.setAccessibleName(f"Item {number}: {title.split(' (')[0]}")
        self.group.setAccessibleName(f"Item {number}: about a group")
        self.consent.record_button.setAccessibleName(f"Item {number}: record consent")
        self.group_size.setAccessibleName(f"Item {number}: group size")

    def _who_changed(self, value: str) -> None:
        who = self.fields["anon_label"][1]
        cyp_id = self._cases.get(value)
        self.consent.setVisible(cyp_id is not None)
        if cyp_id is not None:
            self.consent.line.setText(self._consent.get(cyp_id, ""))
            self.consent.line.setAccessibleName(f"Item {self.number}: {self._consent.get(cyp_id, '')}")
            self.consent.offer((cyp_id, self._labels[cyp_id], DISCUSSION_SCOPE))
            who.set_hint("Linked to this case", "linked")
        elif value.strip():
            who.set_hint("Not linked to a case: kept as an anonymous label")
        else:
            who.set_hint("Pick a case from the list, or type an anonymous label")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in (self.who, self.suggestion_list) and _is_enter(event):
            popup = self.suggestion_list
            if popup.isVisible() and popup.currentIndex().isValid():
                return False  # a case chosen in the list with the arrow keys: the completer takes it
            self._take_unique_match()
            return True
        return super().eventFilter(watched, event)

    def _take_unique_match(self) -> None:
        """Enter in "Who was discussed": link the one case the list shows; with several, say so."""
        completer, popup = self.suggestions, self.suggestion_list
        typed = self.who.text().strip()
        if not typed or typed in self._cases:
            popup.hide()
            return
        completer.setCompletionPrefix(typed)
        count = completer.completionCount()
        if count == 1:
            completer.setCurrentRow(0)
            self.who.setText(completer.currentCompletion())
            popup.hide()
        elif count > 1:
            self.fields["anon_label"][1].set_hint(
                f"{count} cases match: press Down to choose one, or type more.", "fielderror"
            )

    def _consent_recorded(self, message: str) -> None:
        """Consent recorded from here: say so, and show where it now stands."""
        self.consent_recorded.emit(message)
        cyp_id = self._cases.get(self.who.text())
        if cyp_id is not None:
            self.session.casework(
                lambda cw: VisitDay(cw).discussion_consent(cyp_id),
                lambda words: self._consent_now(cyp_id, words),
                receiver=self,
            )

    def _consent_now(self, cyp_id: str, words: str) -> None:
        self._consent[cyp_id] = words
        self._who_changed(self.who.text())

    def _group_toggled(self, on: bool) -> None:
        self.group_size.setEnabled(on)
        if not on:
            self.group_size.setValue(0)

    # -- values -------------------------------------------------------------------------------

    def checked(self) -> list[str]:
        found = []
        for n in range(self.categories.count()):
            entry = self.categories.item(n)
            if entry.checkState() == Qt.CheckState.Checked:
                found.append(str(entry.data(Qt.ItemDataRole.UserRole)))
        return found

    def is_blank(self) -> bool:
        state = self.state()
        return (
            not any(value for key, value in state.items() if key != "categories") and not state["categories"]
        )

    def values(self) -> dict[str, Any]:
        """The item as ``Casework.record_case_discussion`` takes it; ValidationError for a bad date."""
        who = self.who.text().strip()
        cyp = self._cases.get(who)
        try:
            follow = L.parse_date(self.follow_up.text(), self.today)
        except ValueError as exc:
            raise ValidationError(
                "Give the date as day/month/year, for example 07/12/2026.", "follow_up_on"
            ) from exc
        group = self.group.isChecked()
        return {
            "cyp_id": cyp,
            "anon_label": None if cyp else who or None,
            "subject": "group" if group else "individual",
            "group_size": self.group_size.value() or None if group else None,
            "concern": self.concern.toPlainText().strip() or None,
            "concern_categories": self.checked(),
            "mh_judgement": self.mh.currentData(),
            "outcome": self.outcome.currentData(),
            "actions": self.agreed.toPlainText().strip() or None,
            "follow_up_on": follow.isoformat() if follow else None,
        }

    def state(self) -> dict[str, Any]:
        """Everything typed, as the draft keeps it (text as typed, even if not valid yet)."""
        return {
            "who": self.who.text(),
            "group": self.group.isChecked(),
            "group_size": self.group_size.value(),
            "concern": self.concern.toPlainText(),
            "categories": self.checked(),
            "mh_judgement": self.mh.currentData(),
            "outcome": self.outcome.currentData(),
            "actions": self.agreed.toPlainText(),
            "follow_up": self.follow_up.text(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.who.setText(str(state.get("who", "")))
        self.group.setChecked(bool(state.get("group")))
        self.group_size.setValue(int(state.get("group_size") or 0))
        self.concern.setPlainText(str(state.get("concern", "")))
        wanted = set(state.get("categories") or [])
        for n in range(self.categories.count()):
            entry = self.categories.item(n)
            ticked = entry.data(Qt.ItemDataRole.UserRole) in wanted
            entry.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        set_choice(self.mh, state.get("mh_judgement"))
        set_choice(self.outcome, state.get("outcome"))
        self.agreed.setPlainText(str(state.get("actions", "")))
        self.follow_up.setText(str(state.get("follow_up", "")))


def _is_enter(event: QEvent) -> bool:
    plain = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and event.modifiers() in plain
    )
