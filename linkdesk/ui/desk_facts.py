"""What the shell shows about the unlocked store: read once after unlocking, on the DB worker.

Its own module so the window can ask for it before any page is imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from linkdesk.domain.managed import ManagedPolicy
from linkdesk.domain.ports import StoreSession
from linkdesk.services import settings_admin as sa


@dataclass(frozen=True)
class DeskFacts:
    """The service's name, how the store is keyed, the idle-lock time and the data folder."""

    service_name: str
    keychain: str
    idle_minutes: int
    data_dir: str


def read_facts(store: StoreSession, managed: ManagedPolicy = sa.NOTHING_MANAGED) -> DeskFacts:
    """What the status bar and Today show; managed values (the organisation's) win."""
    info = store.info()
    return DeskFacts(
        service_name=sa.service_name(store, managed),
        keychain=str(info.get("keychain", "off")),
        idle_minutes=sa.idle_lock_minutes(store, managed),
        data_dir=str(info.get("data_dir", "")),
    )
