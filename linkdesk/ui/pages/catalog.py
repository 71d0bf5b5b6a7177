"""The pages of the desktop app: the navigation list, what ``gui --page`` accepts, and where each
page's class lives.

Pages are built on first visit, so a page's module is imported only then: ``PAGES`` names each
page's class as ``"module:Class"`` (one line per page; a page without a line shows the
placeholder) and ``page_class`` imports it. Nothing here imports Qt.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linkdesk.ui.pages.base import Page


@dataclass(frozen=True)
class NavPage:
    key: str
    title: str
    icon: str
    #: Shown until the page's module lands; honest about what is not built yet.
    empty_title: str
    empty_text: str


NAV_PAGES: tuple[NavPage, ...] = (
    NavPage("today", "Today", "today", "", ""),
    NavPage("tasks", "Tasks", "tasks", "", ""),
    NavPage(
        "schools",
        "Schools",
        "schools",
        "Schools arrive with the records module",
        "Your linked schools, their contacts and visit history will be listed here.",
    ),
    NavPage(
        "caseload",
        "Caseload",
        "caseload",
        "Caseload arrives with the records module",
        "Children and young people you are working with, their consent and next steps will be listed here.",
    ),
    NavPage(
        "measures",
        "Measures",
        "measures",
        "Measures arrive with the records module",
        "Outcome measures are scored exactly to each publisher's rules. Entering and charting "
        "them from a record comes next.",
    ),
    NavPage(
        "letters",
        "Letters",
        "letters",
        "Letters arrive with the records module",
        "Letters to schools and families, checked against recorded consent, will be written here.",
    ),
    NavPage(
        "reports",
        "Reports",
        "reports",
        "Reports arrive with the records module",
        "Caseload, contact-time and outcome reports will be built here.",
    ),
    NavPage("sync", "Sync", "sync", "", ""),
    NavPage("service", "Service", "service", "", ""),
    NavPage("settings", "Settings", "settings", "", ""),
)

NAV_KEYS = tuple(p.key for p in NAV_PAGES)

#: Pages with a shortcut of their own; the others take Ctrl+1 to Ctrl+9 in order.
OWN_SHORTCUTS = {"tasks": "Ctrl+T"}


def nav_shortcuts() -> dict[str, str]:
    """Each navigation page's shortcut (the Go menu's and the navigation list's)."""
    numbered = [p.key for p in NAV_PAGES if p.key not in OWN_SHORTCUTS]
    return {**{key: f"Ctrl+{n}" for n, key in enumerate(numbered, start=1)}, **OWN_SHORTCUTS}


#: ``gui --page`` names that show a page of another name (a sub-view of a nav page).
PAGE_ALIASES: dict[str, str] = {}

#: Pages that show one record and so need ``--id`` (the record type, and what to call it).
RECORD_PAGES = {"school": "school", "cyp": "child or young person", "discussion": "case discussion"}
RECORD_TYPES = {"school": "school", "cyp": "cyp", "discussion": "visit"}

#: Pages opened from another page (most show one record): not in the navigation, which keeps
#: their parent page highlighted. Alt+Left goes back.
DETAIL_PAGES: tuple[NavPage, ...] = (
    NavPage("school", "School", "schools", "", ""),
    NavPage("discussion", "Case discussion", "today", "", ""),
    NavPage("cyp", "Child or young person", "caseload", "", ""),
    NavPage("conflicts", "Conflicts", "sync", "", ""),
)
DETAIL_PARENTS = {"school": "schools", "discussion": "today", "cyp": "caseload", "conflicts": "sync"}

LOCK_PAGE = "lock"

#: Page key -> its class, as ``"module:Class"``, imported when the page is first shown.
PAGES: dict[str, str] = {
    "today": "linkdesk.ui.pages.today:TodayPage",
    "tasks": "linkdesk.ui.pages.my_tasks:MyTasksPage",
    "schools": "linkdesk.ui.pages.schools:SchoolsPage",
    "caseload": "linkdesk.ui.pages.caseload:CaseloadPage",
    "measures": "linkdesk.ui.pages.measures:MeasuresPage",
    "letters": "linkdesk.ui.pages.letters:LettersPage",
    "reports": "linkdesk.ui.pages.reports:ReportsPage",
    "sync": "linkdesk.ui.pages.sync:SyncPage",
    "service": "linkdesk.ui.pages.service:ServicePage",
    "settings": "linkdesk.ui.pages.settings:SettingsPage",
    "school": "linkdesk.ui.pages.school:SchoolPage",
    "discussion": "linkdesk.ui.pages.discussion:DiscussionPage",
    "cyp": "linkdesk.ui.pages.cyp:CypPage",
    "conflicts": "linkdesk.ui.pages.conflicts:ConflictsPage",
}
PLACEHOLDER = "linkdesk.ui.pages.placeholder:PlaceholderPage"


def nav_page(key: str) -> NavPage:
    for page in NAV_PAGES:
        if page.key == key:
            return page
    raise KeyError(key)


def page_class(key: str) -> type[Page]:
    """The class of page ``key`` (the placeholder for a page not built yet), imported now."""
    module, name = PAGES.get(key, PLACEHOLDER).split(":")
    cls: type[Page] = getattr(importlib.import_module(module), name)
    return cls
