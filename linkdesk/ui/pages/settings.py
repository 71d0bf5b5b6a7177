"""Settings: the service name and letterhead, the idle lock, and facts about this store.

The service form is draft-capable: if LinkDesk locks (or quits) with unsaved changes here, they
are kept as an encrypted draft and put back into the form after the next unlock.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from linkdesk.domain.ports import StoreSession
from linkdesk.errors import ValidationError
from linkdesk.services.app_services import Services
from linkdesk.ui import theme
from linkdesk.ui.accessibility import label_for
from linkdesk.ui.errors import user_message
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, card, em, row, text

SERVICE_NAME = "service_name"
LETTERHEAD = "letterhead"
IDLE_LOCK_MINUTES = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 5
IDLE_RANGE = (1, 15)  # the trust's allowed range (security.md R9)
MAX_NAME = 120
MAX_LETTERHEAD = 600


def idle_minutes(value: str | None) -> int:
    """The stored idle-lock setting, clamped to the allowed range; the default if unreadable."""
    try:
        minutes = int(value) if value is not None else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return max(IDLE_RANGE[0], min(IDLE_RANGE[1], minutes))


def _load(store: StoreSession) -> dict[str, Any]:
    info = store.info()
    return {
        "values": {
            SERVICE_NAME: store.setting(SERVICE_NAME, "") or "",
            LETTERHEAD: store.setting(LETTERHEAD, "") or "",
            IDLE_LOCK_MINUTES: idle_minutes(store.setting(IDLE_LOCK_MINUTES)),
        },
        "info": info,
    }


class SettingsPage(Page):
    draft_name = "settings.service"
    #: The saved values (the window refreshes the status bar and idle timer).
    saved = Signal(dict)

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self._loaded: dict[str, Any] | None = None
        self._pending_draft: dict[str, Any] | None = None
        self.add_heading("Settings", "How LinkDesk presents your service, and how it protects this desk.")
        columns = QHBoxLayout()
        columns.setSpacing(em(self, 1.0))
        columns.addWidget(self._build_form(), 3, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(self._build_info(), 2, Qt.AlignmentFlag.AlignTop)
        self.layout_.addLayout(columns)
        self.layout_.addStretch(1)
        for signal in (
            self.name_edit.textChanged,
            self.letterhead_edit.textChanged,
            self.idle_spin.valueChanged,
        ):
            signal.connect(self._changed)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self._set_enabled(False)
        self.reload()

    def _build_form(self) -> QFrame:
        form_card, f = card()
        f.addWidget(text("Service and letterhead", "h2"))
        form = QFormLayout()
        form.setVerticalSpacing(em(self, 0.35))
        form.setHorizontalSpacing(em(self, 1.2))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("serviceName")
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setAccessibleDescription("Shown in the status bar and at the top of letters")
        self.letterhead_edit = QPlainTextEdit()
        self.letterhead_edit.setObjectName("letterhead")
        self.letterhead_edit.setTabChangesFocus(True)
        self.letterhead_edit.setFixedHeight(em(self, 5.4))
        self.letterhead_edit.setPlaceholderText("Address, telephone and email, one per line")
        self.letterhead_edit.setAccessibleDescription("Printed under the service name on letters")
        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("idleMinutes")
        self.idle_spin.setRange(*IDLE_RANGE)
        self.idle_spin.setSuffix(" minutes")
        self.idle_spin.setMaximumWidth(em(self, 8))
        self.idle_spin.setAccessibleDescription("LinkDesk locks itself after this long without use")
        form.addRow(label_for("Service or team &name", self.name_edit), self.name_edit)
        form.addRow("", text("Shown in the status bar and at the top of letters.", "caption"))
        form.addRow(label_for("&Letterhead", self.letterhead_edit), self.letterhead_edit)
        form.addRow("", text("Printed under the service name on letters.", "caption"))
        form.addRow(label_for("Lock &after", self.idle_spin), self.idle_spin)
        form.addRow("", text("LinkDesk locks after this long without use (1 to 15 minutes).", "caption"))
        f.addLayout(form)

        self.notice = text("", "notice")
        self.notice.setObjectName("settingsNotice")
        self.notice.hide()
        self.error = text("", "error")
        self.error.setObjectName("settingsError")
        self.error.setAccessibleName("Problem with these settings")
        self.error.hide()
        f.addWidget(self.notice)
        f.addWidget(self.error)
        self.revert_button = button("&Revert", name="revertSettings")
        self.save_button = button("&Save changes", primary=True, name="saveSettings")
        self.unsaved_label = text("", "subtle", wrap=False)
        f.addLayout(
            row(self.unsaved_label, None, self.revert_button, self.save_button, spacing=em(self, 0.6))
        )
        return form_card

    def _build_info(self) -> QFrame:
        info_card, i = card()
        i.addWidget(text("This store", "h2"))
        self.info_grid = QGridLayout()
        self.info_grid.setHorizontalSpacing(em(self, 1.2))
        self.info_grid.setVerticalSpacing(em(self, 0.35))
        self._info_values: dict[str, QLabel] = {}
        for n, (key, title) in enumerate(
            (
                ("data_dir", "Data folder"),
                ("keychain", "Keychain"),
                ("cipher_version", "Encryption"),
                ("schema_version", "Schema version"),
            )
        ):
            value = text("…", record=True)
            value.setObjectName(f"info_{key}")
            self._info_values[key] = value
            self.info_grid.addWidget(text(title, "subtle", wrap=False), n, 0)
            self.info_grid.addWidget(value, n, 1)
        self.info_grid.setColumnStretch(1, 1)
        i.addLayout(self.info_grid)
        return info_card

    # -- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self.session.run(_load, self._loaded_ok, self._failed, receiver=self)

    def _loaded_ok(self, data: dict[str, Any]) -> None:
        self._loaded = dict(data["values"])
        self._fill(self._loaded)
        info = data["info"]
        keychain = info.get("keychain", "off")
        shown = {
            "data_dir": str(info.get("data_dir", "")),
            "keychain": "Not used (passphrase only)"
            if keychain == "off"
            else f"In use ({keychain.rsplit('.', 1)[-1]})",
            "cipher_version": f"SQLCipher {info.get('cipher_version', '?')}, 256-bit AES",
            "schema_version": str(info.get("schema_version", "?")),
        }
        for key, label in self._info_values.items():
            label.setText(shown[key])
        self._set_enabled(True)
        if self._pending_draft is not None:
            draft, self._pending_draft = self._pending_draft, None
            self.restore_draft(draft)
        self._changed()

    def _failed(self, exc: BaseException) -> None:
        self._show_error(user_message(exc))

    # -- the form ---------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {
            SERVICE_NAME: self.name_edit.text(),
            LETTERHEAD: self.letterhead_edit.toPlainText(),
            IDLE_LOCK_MINUTES: self.idle_spin.value(),
        }

    def _fill(self, values: dict[str, Any]) -> None:
        self.name_edit.setText(str(values.get(SERVICE_NAME, "")))
        self.letterhead_edit.setPlainText(str(values.get(LETTERHEAD, "")))
        self.idle_spin.setValue(idle_minutes(str(values.get(IDLE_LOCK_MINUTES, DEFAULT_IDLE_MINUTES))))

    def has_unsaved(self) -> bool:
        return self._loaded is not None and self.values() != self._loaded

    def _changed(self) -> None:
        unsaved = self.has_unsaved()
        self.unsaved_label.setText("Unsaved changes" if unsaved else "")
        self.save_button.setEnabled(unsaved)
        self.revert_button.setEnabled(unsaved)
        if not unsaved:
            self.notice.hide()
        self.unsaved_changed.emit(unsaved)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.name_edit, self.letterhead_edit, self.idle_spin):
            widget.setEnabled(enabled)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def validate(self) -> dict[str, Any]:
        values = self.values()
        values[SERVICE_NAME] = values[SERVICE_NAME].strip()
        if not values[SERVICE_NAME]:
            raise ValidationError("Give the service or team name: it heads every letter.", SERVICE_NAME)
        if len(values[LETTERHEAD]) > MAX_LETTERHEAD:
            raise ValidationError(f"The letterhead can be at most {MAX_LETTERHEAD} characters.", LETTERHEAD)
        return values

    def save(self) -> None:
        if not self.has_unsaved() or self._loaded is None:
            return
        try:
            values = self.validate()
        except ValidationError as exc:
            self._show_error(str(exc))
            (self.name_edit if exc.field == SERVICE_NAME else self.letterhead_edit).setFocus()
            return
        loaded = self._loaded
        changes = {k: str(v) for k, v in values.items() if v != loaded.get(k)}

        def write(store: StoreSession) -> dict[str, Any]:
            for key, value in changes.items():
                store.set_setting(key, value)
            return values

        self._show_error("")
        self.save_button.setEnabled(False)
        self.session.run(write, self._saved, self._save_failed, receiver=self)

    def _saved(self, values: dict[str, Any]) -> None:
        self._loaded = dict(values)
        self._fill(values)
        self._changed()
        self.message.emit("Settings saved.")
        self.saved.emit(dict(values))

    def _save_failed(self, exc: BaseException) -> None:
        self._show_error(user_message(exc))
        self._changed()

    def revert(self) -> None:
        if self._loaded is not None:
            self._fill(self._loaded)
        self._show_error("")
        self._changed()

    # -- drafts (DraftCapable) --------------------------------------------------------------------

    def draft_state(self) -> dict[str, Any] | None:
        if self._pending_draft is not None:  # restored before the form had loaded
            return dict(self._pending_draft)
        return self.values() if self.has_unsaved() else None

    def restore_draft(self, state: dict[str, Any]) -> None:
        if self._loaded is None:
            self._pending_draft = dict(state)
            return
        self._fill({**self._loaded, **state})
        self._changed()
        if self.has_unsaved():
            self.notice.setText(
                "Unsaved changes from before LinkDesk locked have been put back. "
                "Save them, or choose Revert to drop them."
            )
            self.notice.show()
