"""Unsaved work kept across a lock (or a quit) as an encrypted draft in the store.

A page with a form implements ``DraftCapable`` (and may say in ``draft_title()`` what the form
is, in words for the lock screen that never name a child). On lock the window asks every page for its
``draft_state()`` and saves the non-empty ones with ``store.save_draft`` before the store is
closed; after the next unlock each draft goes back into the page it came from and is then
discarded from the store. A draft whose page no longer exists stays in the store untouched.
A draft's name starts with its page's key (``"settings.service"``), so the window builds only
the pages that have a draft to take back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

logger = logging.getLogger(__name__)

FORMAT = 1


@runtime_checkable
class DraftCapable(Protocol):
    #: Stable name of the form, unique in the app, starting with its page's key (``"settings.service"``).
    draft_name: str

    def draft_state(self) -> dict[str, Any] | None:
        """The unsaved values, or None when there is nothing unsaved."""
        ...

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put unsaved values back into the form (and show that they are unsaved)."""
        ...


def encode(state: dict[str, Any]) -> str:
    return json.dumps({"format": FORMAT, "state": state}, ensure_ascii=False, sort_keys=True)


def decode(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("state"), dict):
        return None
    state: dict[str, Any] = data["state"]
    return state


def collect(forms: Iterable[object]) -> dict[str, str]:
    """Draft name -> JSON text for every form holding unsaved work."""
    drafts: dict[str, str] = {}
    for form in forms:
        if isinstance(form, DraftCapable):
            state = form.draft_state()
            if state:
                drafts[form.draft_name] = encode(state)
    return drafts


def page_keys(drafts: dict[str, str]) -> list[str]:
    """The keys of the pages the drafts belong to (each name's part before the first dot)."""
    return sorted({name.split(".", 1)[0] for name in drafts})


def titles(forms: Iterable[object], kept: Iterable[str]) -> list[str]:
    """What each kept draft is, in words for the lock screen (``draft_title()``, else the page's title)."""
    names = set(kept)
    found = []
    for form in forms:
        if isinstance(form, DraftCapable) and form.draft_name in names:
            title = getattr(form, "draft_title", None)
            page = getattr(getattr(form, "spec", None), "title", "")
            found.append(title() if callable(title) else f"unsaved work on the {page or 'LinkDesk'} page")
    return found


def restore(forms: Iterable[object], drafts: dict[str, str]) -> list[str]:
    """Restore drafts into their forms; returns the names restored (to discard from the store)."""
    by_name = {f.draft_name: f for f in forms if isinstance(f, DraftCapable)}
    restored = []
    for name, text in drafts.items():
        form = by_name.get(name)
        state = decode(text)
        if form is None or state is None:
            logger.info("kept a draft with no form to take it")
            continue
        form.restore_draft(state)
        restored.append(name)
    return restored
