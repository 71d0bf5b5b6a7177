"""Every command of the desktop app, as a QAction in one registry (style.md §14).

Menus, buttons and tests refer to actions by name. Shortcuts use ``QKeySequence.StandardKey``
where one exists on every platform and app shortcuts elsewhere; no two actions share one (a
test checks). The window adds every action to itself, so shortcuts work even while the menu
bar is hidden on the lock screen; ``set_unlocked`` enables only what makes sense.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from linkdesk.ui.pages.catalog import NAV_PAGES, nav_shortcuts


@dataclass(frozen=True)
class Spec:
    name: str
    text: str
    tip: str
    keys: tuple[QKeySequence.StandardKey | str, ...] = ()
    #: Usable while the app is locked (everything else is disabled).
    when_locked: bool = False
    #: Only on the pages that handle it (``Page.commands``); the window enables it there.
    contextual: bool = False
    #: An on/off setting (a checkable action).
    checkable: bool = False


def _specs() -> list[Spec]:
    specs = [
        Spec("lock", "&Lock LinkDesk", "Lock now: close the store and hide every record", ("Ctrl+L",)),
        Spec("save", "&Save changes", "Save the changes on this page", (QKeySequence.StandardKey.Save,)),
        Spec("quit", "&Quit", "Save unsaved work as a draft, lock and quit", ("Ctrl+Q",), when_locked=True),
        Spec("search", "&Search…", "Search your records", (QKeySequence.StandardKey.Find,)),
        Spec("plan_visit", "&Plan a visit…", "Plan a visit to a school", (QKeySequence.StandardKey.New,)),
        Spec(
            "record_discussion",
            "&Record case discussion",
            "Record the case discussion for the chosen visit",
            ("Ctrl+D",),
            contextual=True,
        ),
        Spec(
            "add_item",
            "&Add an item",
            "Add another item to this case discussion",
            ("Ctrl+Return", "Ctrl+Enter", "Alt+N"),
            contextual=True,
        ),
        Spec(
            "remove_item",
            "Remo&ve this item",
            "Remove the case discussion item being edited",
            ("Ctrl+Shift+D",),
            contextual=True,
        ),
        Spec("back", "&Back", "Back to the page this one was opened from", ("Alt+Left",), contextual=True),
        Spec(
            "privacy",
            "&Privacy mode",
            "Privacy mode for shared rooms: show initials instead of names",
            ("Ctrl+Shift+P",),
            checkable=True,
        ),
        Spec("add_note", "Add a &note…", "Add a note to this record", ("Ctrl+Shift+N",), contextual=True),
        Spec(
            "record_consent",
            "Record &consent…",
            "Record consent asked for, given, refused or withdrawn",
            ("Ctrl+Shift+C",),
            contextual=True,
        ),
        Spec("make_referral", "Make a &referral…", "Record a referral", ("Ctrl+Shift+R",), contextual=True),
        Spec(
            "enter_measure",
            "Enter an outcome &measure…",
            "Enter an outcome measure from the paper form by item number",
            ("Ctrl+Shift+M",),
            contextual=True,
        ),
        Spec(
            "record_risk",
            "Record r&isk…",
            "Record a risk assessment: level, reason, safety plan, DSL informed, safeguarding referral",
            ("Ctrl+Shift+I",),
            contextual=True,
        ),
        Spec("close_case", "Close the &case…", "Close this case with a reason", contextual=True),
        Spec("help", "LinkDesk &help", "Keyboard shortcuts and where things are", ("F1",), when_locked=True),
        Spec("about", "&About LinkDesk", "Version and data folder", when_locked=True),
    ]
    keys = nav_shortcuts()
    for page in NAV_PAGES:
        specs.append(Spec(f"go_{page.key}", f"&{page.title}", f"Go to {page.title}", (keys[page.key],)))
    return specs


class ActionRegistry(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._specs = {spec.name: spec for spec in _specs()}
        self._actions: dict[str, QAction] = {}
        for spec in self._specs.values():
            action = QAction(self)
            action.setObjectName(f"action_{spec.name}")
            action.setShortcuts([QKeySequence(key) for key in spec.keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setCheckable(spec.checkable)
            self._actions[spec.name] = action
        self.retranslate()

    def retranslate(self) -> None:
        for name, spec in self._specs.items():
            action = self._actions[name]
            action.setText(self.tr(spec.text))
            action.setToolTip(self.tr(spec.tip))
            action.setStatusTip(self.tr(spec.tip))

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def names(self) -> list[str]:
        return list(self._actions)

    def all(self) -> list[QAction]:
        return list(self._actions.values())

    def set_unlocked(self, unlocked: bool, commands: frozenset[str] = frozenset()) -> None:
        """Enable what works now: everything when unlocked, less the commands no page here handles."""
        for name, spec in self._specs.items():
            usable = unlocked and (not spec.contextual or name in commands)
            self._actions[name].setEnabled(usable or spec.when_locked)

    def contextual(self) -> list[str]:
        return [name for name, spec in self._specs.items() if spec.contextual]

    def shortcut_table(self) -> list[tuple[str, str]]:
        """(shortcut as the user sees it, what it does), for help and the shortcut test."""
        rows = []
        for action in self._actions.values():
            for key in action.shortcuts():
                rows.append((key.toString(QKeySequence.SequenceFormat.NativeText), action.toolTip()))
        return rows
