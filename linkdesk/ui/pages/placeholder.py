"""A page whose module has not landed yet: a calm, honest empty state."""

from __future__ import annotations

from linkdesk.services.app_services import Services
from linkdesk.ui import theme
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import empty_state


class PlaceholderPage(Page):
    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.add_heading(spec.title)
        self.layout_.addWidget(empty_state(spec.icon, spec.empty_title, spec.empty_text, colours), 1)
