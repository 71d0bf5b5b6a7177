"""The visit-day desk (``desk_data``) plus the wider record the Service page and search list."""

from __future__ import annotations

from dataclasses import dataclass

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.desk_data import TODAY, Desk, build_desk, iso


@dataclass(frozen=True)
class Wider:
    desk: Desk
    stale_agency: str
    fresh_agency: str
    call: str
    training: str


def open_desk(vault: Vault) -> Wider:
    store, _code = vault.create("Desk Team", PASSPHRASE)
    with store:
        cw = Casework(RecordService(store, lambda: TODAY))
        desk = build_desk(cw)
        r = cw.records
        stale = r.add(
            "agency", {"name": "Kooth online", "kind": "voluntary_sector", "last_verified_on": iso(-500)}
        )
        fresh = r.add(
            "agency", {"name": "Young Minds Luton", "kind": "helpline", "last_verified_on": iso(-30)}
        )
        call = r.add(
            "communication",
            {
                "date": iso(-1),
                "channel": "phone",
                "school_id": desk.school,
                "summary": "Zed's mum rang about sleep",
            },
        ).id
        training = r.add(
            "training", {"date": iso(-7), "title": "Anxiety twilight", "school_id": desk.school}
        ).id
        r.add(
            "note",
            {"subject_type": "cyp", "subject_id": desk.case_ab, "body": "Zed found the twilight helpful"},
        )
    return Wider(desk, stale.id, fresh.id, call, training)
