"""The Settings page's "You on this laptop" card: which staff member this laptop's user is.

Chosen once; saved as soon as it is picked (it is not part of the service form). Today, Tasks and
Reports then show this person's work by default. While nobody is chosen the card says why to.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from linkdesk.services.casework import Casework
from linkdesk.services.me import Me, choose_me, read_me, staff_choices
from linkdesk.ui.errors import user_message
from linkdesk.ui.forms import Field, choice_box, set_choice
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import card, text

NOT_CHOSEN = "Not chosen yet"
PROMPT = (
    "Who are you? Choose yourself from the staff list: Today, Tasks and Reports then show your own "
    "work first."
)
UNSET_HINT = "Saved as soon as you choose; kept on this laptop only."


class MeCard(QWidget):
    #: A line for the status bar.
    message = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("meCard")
        frame, body = card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        body.addWidget(text("You on this laptop", "h2"))
        self.prompt = text(PROMPT)
        self.prompt.setObjectName("mePrompt")
        body.addWidget(self.prompt)
        self.combo = choice_box("meStaff", {}, empty=NOT_CHOSEN)
        self.combo.activated.connect(self._chosen)
        self.field = Field("&You are", self.combo, UNSET_HINT)
        self.combo.setAccessibleName("You are")
        body.addWidget(self.field)

    def load(self) -> None:
        def read(cw: Casework) -> tuple[list[tuple[str, str]], Me | None]:
            return staff_choices(cw.records), read_me(cw.records)

        self.session.casework(read, self._show, self._failed, self)

    def _show(self, loaded: tuple[list[tuple[str, str]], Me | None]) -> None:
        staff, me = loaded
        self.combo.clear()
        self.combo.addItem(NOT_CHOSEN, None)
        for staff_id, name in staff:
            self.combo.addItem(name, staff_id)
        set_choice(self.combo, me.staff_id if me else None)
        self._hint(me)

    def _hint(self, me: Me | None) -> None:
        self.prompt.setVisible(me is None)
        self.field.hint.setText(
            f"Today, Tasks and Reports show {me.name}'s work first; the whole team's is one choice away."
            if me
            else UNSET_HINT
        )

    def _chosen(self, index: int) -> None:
        staff_id = self.combo.itemData(index)

        def save(cw: Casework) -> Me | None:
            return choose_me(cw.records, staff_id)

        self.session.casework(save, self._saved, self._failed, self)

    def _saved(self, me: Me | None) -> None:
        self._hint(me)
        self.message.emit(f"This laptop's user is now {me.name}." if me else "Nobody is chosen as you now.")

    def _failed(self, exc: BaseException) -> None:
        self.field.hint.setText(user_message(exc))
