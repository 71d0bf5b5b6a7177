"""What the Settings page shows about settings the organisation manages (``domain/managed.py``)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from linkdesk.domain.managed import ManagedPolicy
from linkdesk.services import settings_admin as sa
from linkdesk.ui.forms import Field
from linkdesk.ui.widgets import text

MANAGED_HINT = "Set by your organisation"


def managed_notice(managed: ManagedPolicy) -> QLabel:
    """Where the managed values come from, or why the organisation's file was not used."""
    if managed.problem:
        notice = text(managed.problem, "error")
    else:
        notice = text(
            f"Settings marked \u201c{MANAGED_HINT}\u201d come from {managed.source} "
            "and cannot be changed here.",
            "notice",
        )
    notice.setObjectName("managedNotice")
    notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    notice.setVisible(bool(managed.problem) or bool(managed.settings()))
    return notice


def mark_managed(managed: ManagedPolicy, fields: Mapping[str, Field], logo_button: QWidget) -> None:
    """Managed fields say so (also to screen readers); the page keeps their inputs disabled."""
    for key in managed.settings():
        field = fields.get(key)
        if field is None:
            continue
        field.set_hint(MANAGED_HINT)
        field.target.setAccessibleDescription(MANAGED_HINT)
        field.setProperty("managed", True)
    if managed.manages(sa.LETTERHEAD_LOGO):
        logo_button.setToolTip(MANAGED_HINT)
