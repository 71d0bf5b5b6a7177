"""Settings: the service name and letterhead, report, referral and sync rules, the idle lock and keys.

The service form is draft-capable: if LinkDesk locks (or quits) with unsaved changes here, they
are kept as an encrypted draft and put back into the form after the next unlock. Passphrases are
never part of it. The settings themselves are declared in ``services.settings_admin``.

A setting the organisation manages (``domain/managed.py``) shows its managed value, cannot be
edited and says "Set by your organisation"; a managed-settings file that was refused is named at
the top of the page with the reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFileDialog,
    QFrame,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from linkdesk.domain.managed import ManagedPolicy
from linkdesk.domain.ports import StoreSession
from linkdesk.errors import ValidationError
from linkdesk.services import settings_admin as sa
from linkdesk.services.app_services import Services
from linkdesk.ui import theme
from linkdesk.ui.errors import user_message
from linkdesk.ui.forms import Field, FieldErrors, field_message, text_box
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.pages.settings_info import store_card
from linkdesk.ui.pages.settings_keys import KeysCard
from linkdesk.ui.pages.settings_managed import managed_notice, mark_managed
from linkdesk.ui.pages.settings_me import MeCard
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, card, em, row, stack_when_narrow, text

#: Below this page width (in line heights) the two columns stack.
NARROW_EM = 52


def _load(store: StoreSession, managed: ManagedPolicy = sa.NOTHING_MANAGED) -> dict[str, Any]:
    info = {**store.info(), "sync_folder": store.setting(sa.SYNC_FOLDER) or ""}
    return {"values": sa.read_settings(store, managed), "info": info}


def ask_logo(parent: QWidget) -> str:
    """The logo file the user picks ('' if they cancel); tests replace this."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Choose the letterhead logo", "", "Images (*.png *.jpg *.jpeg)"
    )
    return path


class SettingsPage(Page):
    draft_name = "settings.service"
    max_width_em = 78
    #: The saved values (the window refreshes the status bar and idle timer).
    saved = Signal(dict)

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.saved.connect(lambda _values: self.facts_changed.emit())
        self._loaded: dict[str, Any] | None = None
        self._pending_draft: dict[str, Any] | None = None
        self.errors = FieldErrors()
        self.add_heading("Settings", "How LinkDesk presents your service, and how it protects this desk.")
        self.managed = services.managed
        self.managed_notice = managed_notice(self.managed)
        self.layout_.addWidget(self.managed_notice)
        self.me = MeCard(session)
        self.me.message.connect(self.message)
        self.columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.setSpacing(em(self, 1.0))
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(em(self, 0.8))
        right.setSpacing(em(self, 0.8))
        self.keys = KeysCard(session)
        self.keys.message.connect(self.message)
        left.addWidget(self._build_letterhead())
        left.addWidget(self._build_rules())
        left.addWidget(self._build_footer())
        left.addStretch(1)
        self.errors.add(sa.IDLE_LOCK_MINUTES, self.keys.idle_field)
        right.addWidget(self.me)
        right.addWidget(self.keys)
        info_card, self._info_values = store_card(self)
        right.addWidget(info_card)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.layout_.addLayout(columns)
        self.layout_.addStretch(1)
        for signal in (
            *(edit.textChanged for edit in self.texts.values()),
            *(spin.valueChanged for spin in self.numbers.values()),
        ):
            signal.connect(self._changed)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        mark_managed(self.managed, self.errors.fields, self.logo_button)
        self._set_enabled(False)
        self.reload()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side on a wide window; one column when scaling leaves too little room."""
        stack_when_narrow(self.columns, self, event.size().width(), NARROW_EM)
        super().resizeEvent(event)

    # -- building -----------------------------------------------------------------------------------

    def _build_letterhead(self) -> QFrame:
        frame, body = card()
        body.addWidget(text("Service and letterhead", "h2"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("serviceName")
        self.name_edit.setMaxLength(sa.MAX_NAME)
        self.address_edit = text_box("letterheadAddress", 3)
        self.address_edit.setPlaceholderText("Sender's address, one line per line")
        self.signature_edit = text_box("letterheadSignature", 3)
        self.signature_edit.setPlaceholderText("Name and role, when no link worker is recorded")
        self.contact_edit = QLineEdit()
        self.contact_edit.setObjectName("letterheadContact")
        self.contact_edit.setPlaceholderText("Telephone · email · website")
        self.logo_edit = QLineEdit()
        self.logo_edit.setObjectName("letterheadLogo")
        self.logo_edit.setPlaceholderText("No logo: the service's initials are shown")
        self.logo_button = button("Choose…", name="chooseLogo")
        self.logo_button.setAccessibleName("Choose a logo image")
        self.logo_button.clicked.connect(self._choose_logo)
        logo_box = QWidget()
        logo_row = row(self.logo_edit, self.logo_button, spacing=em(self, 0.4))
        logo_row.setContentsMargins(0, 0, 0, 0)
        logo_box.setLayout(logo_row)
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 1.0))
        grid.setVerticalSpacing(em(self, 0.3))
        name_hint = "In the status bar and the band at the top of letters."
        logo = Field("&Logo (PNG or JPEG, up to 1 MB)", logo_box, target=self.logo_edit)
        self.contact_field = Field("Contact l&ine", self.contact_edit, sa.contact_hint(""))
        self.contact_edit.textChanged.connect(self._contact_changed)
        placed = (
            (sa.SERVICE_NAME, Field("Service or team &name", self.name_edit, name_hint), 0, 0, 2),
            (sa.LETTERHEAD_ADDRESS, Field("&Address", self.address_edit), 1, 0, 1),
            (sa.LETTERHEAD_SIGNATURE, Field("Signat&ure", self.signature_edit), 1, 1, 1),
            (sa.LETTERHEAD_CONTACT, self.contact_field, 2, 0, 2),
            (sa.LETTERHEAD_LOGO, logo, 3, 0, 2),
        )
        for name, field, r, c, span in placed:
            grid.addWidget(self.errors.add(name, field), r, c, 1, span)
        self.logo_edit.setAccessibleName("Logo file")
        body.addLayout(grid)
        self.texts: dict[str, QLineEdit | QPlainTextEdit] = {
            sa.SERVICE_NAME: self.name_edit,
            sa.LETTERHEAD_ADDRESS: self.address_edit,
            sa.LETTERHEAD_SIGNATURE: self.signature_edit,
            sa.LETTERHEAD_CONTACT: self.contact_edit,
            sa.LETTERHEAD_LOGO: self.logo_edit,
        }
        return frame

    def _build_rules(self) -> QFrame:
        frame, body = card()
        body.addWidget(text("Reports, referrals and sync", "h2"))
        self.suppress_spin = self._whole(sa.SUPPRESS, "suppressUnder", "")
        self.stalled_spin = self._whole(sa.STALLED, "stalledDays", " days")
        self.quiet_spin = self._whole(sa.QUIET, "syncQuietDays", " days")
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 1.0))
        suppress = Field(
            "&Withhold numbers under", self.suppress_spin, "Small counts in shared reports are withheld."
        )
        stalled = Field(
            "Referral stalle&d after", self.stalled_spin, "With no news for this long, it is flagged."
        )
        grid.addWidget(self.errors.add(sa.SUPPRESS_UNDER, suppress), 0, 0)
        grid.addWidget(self.errors.add(sa.STALLED_REFERRAL_DAYS, stalled), 0, 1)
        quiet = Field(
            "Teammate &quiet after",
            self.quiet_spin,
            "With nothing from a teammate for this long, a banner warns.",
        )
        grid.addWidget(self.errors.add(sa.SYNC_QUIET_DAYS, quiet), 1, 0)
        body.addLayout(grid)
        self.numbers: dict[str, QSpinBox] = {
            sa.SUPPRESS_UNDER: self.suppress_spin,
            sa.STALLED_REFERRAL_DAYS: self.stalled_spin,
            sa.IDLE_LOCK_MINUTES: self.keys.idle_spin,
            sa.SYNC_QUIET_DAYS: self.quiet_spin,
        }
        return frame

    def _whole(self, whole: sa.Whole, name: str, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(whole.low, whole.high)
        spin.setSuffix(suffix)
        spin.setMaximumWidth(em(self, 8))
        return spin

    def _build_footer(self) -> QWidget:
        box = QWidget()
        self.notice = text("", "notice")
        self.notice.setObjectName("settingsNotice")
        self.notice.hide()
        self.error = text("", "error")
        self.error.setObjectName("settingsError")
        self.error.setAccessibleName("Problem with these settings")
        self.error.hide()
        self.revert_button = button("&Revert", name="revertSettings")
        self.save_button = button("&Save changes", primary=True, name="saveSettings")
        self.unsaved_label = text("", "subtle", wrap=False)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addLayout(
            row(self.unsaved_label, None, self.revert_button, self.save_button, spacing=em(self, 0.6))
        )
        return box

    # -- loading ----------------------------------------------------------------------------------

    def activated(self) -> None:
        """Read again (the Sync page sets the shared folder), unless there are changes here."""
        if self._loaded is not None and not self.has_unsaved():
            self.reload()

    def reload(self) -> None:
        self.me.load()
        managed = self.managed
        self.session.run(lambda store: _load(store, managed), self._loaded_ok, self._failed, receiver=self)

    def _loaded_ok(self, data: dict[str, Any]) -> None:
        typed = self._loaded is not None and self.has_unsaved()  # typing began while it loaded
        self._loaded = dict(data["values"])
        if not typed:
            self._fill(self._loaded)
        info = data["info"]
        self.keys.set_keychain(str(info.get("keychain", "off")))
        shown = {
            "data_dir": str(info.get("data_dir", "")),
            "cipher_version": f"SQLCipher {info.get('cipher_version', '?')}, 256-bit AES",
            "schema_version": str(info.get("schema_version", "?")),
            "sync_folder": info["sync_folder"] or "None: chosen on the Sync page",
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
        values: dict[str, Any] = {}
        for key, edit in self.texts.items():
            values[key] = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
        for key, spin in self.numbers.items():
            values[key] = spin.value()
        return values

    def _fill(self, values: dict[str, Any]) -> None:
        for key, edit in self.texts.items():
            value = str(values.get(key, ""))
            if isinstance(edit, QPlainTextEdit):
                edit.setPlainText(value)
            else:
                edit.setText(value)
        for key, spin in self.numbers.items():
            whole = sa.WHOLES[key]
            spin.setValue(whole.read(str(values.get(key, whole.default))))

    def _contact_changed(self, contact: str) -> None:
        self.contact_field.hint.setText(sa.contact_hint(contact))

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
        inputs: dict[str, QWidget] = {**self.texts, **self.numbers, "logo_button": self.logo_button}
        for key, widget in inputs.items():
            setting = sa.LETTERHEAD_LOGO if key == "logo_button" else key
            widget.setEnabled(enabled and not self.managed.manages(setting))

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _choose_logo(self) -> None:
        path = ask_logo(self)
        if path:
            self.logo_edit.setText(path)

    def save(self) -> None:
        if not self.has_unsaved() or self._loaded is None:
            return
        self.errors.clear()
        self._show_error("")
        values, loaded, managed = self.values(), dict(self._loaded), self.managed
        try:
            sa.check_settings(managed.overlay(values))
        except ValidationError as exc:
            self._refused(exc)
            return
        self.save_button.setEnabled(False)

        def save(store: StoreSession) -> dict[str, Any]:
            return sa.save_settings(store, values, loaded, managed)

        self.session.run(save, self._saved, self._save_failed, self)

    def _refused(self, exc: ValidationError) -> None:
        if not self.errors.show(exc.field, field_message(exc)):
            self._show_error(str(exc))

    def _saved(self, values: dict[str, Any]) -> None:
        self._loaded = dict(values)
        self._fill(values)
        self._changed()
        self.message.emit("Settings saved.")
        self.saved.emit(dict(values))

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._refused(exc)
        else:
            self._show_error(user_message(exc))
        self._changed()

    def revert(self) -> None:
        if self._loaded is not None:
            self._fill(self._loaded)
        self.errors.clear()
        self._show_error("")
        self._changed()

    def wipe(self) -> None:
        self.keys.close_passphrase()
        super().wipe()

    # -- drafts (DraftCapable) --------------------------------------------------------------------

    def draft_state(self) -> dict[str, Any] | None:
        if self._pending_draft is not None:  # restored before the form had loaded
            return dict(self._pending_draft)
        return self.values() if self.has_unsaved() else None

    def restore_draft(self, state: dict[str, Any]) -> None:
        if self._loaded is None:
            self._pending_draft = dict(state)
            return
        state = {key: value for key, value in state.items() if not self.managed.manages(key)}
        legacy = state.pop("letterhead", None)  # a draft from before the letterhead was split up
        if legacy is not None and sa.LETTERHEAD_ADDRESS not in state:
            state[sa.LETTERHEAD_ADDRESS] = legacy
        self._fill({**self._loaded, **state})
        self._changed()
        if self.has_unsaved():
            self.notice.setText(
                "Unsaved changes from before LinkDesk locked have been put back. "
                "Save them, or choose Revert to drop them."
            )
            self.notice.show()
