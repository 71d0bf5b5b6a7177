"""The one redactor over every child: kept by the open store and shared, built again once a child
is added, renamed, deleted or arrives in an import, even one written before the last change here."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from linkdesk.services.casework import Casework
from linkdesk.services.child_names import child_redactor
from linkdesk.services.records import RecordService
from tests.conftest import PASSPHRASE, FrozenClock, make_vault
from tests.services.conftest import Open
from tests.ui.desk_data import TODAY

TEXT = "Saw Siobhán Ní Bhriain with Dafydd ap Gwilym at lunch"


def test_a_child_added_renamed_or_deleted_later_is_redacted(opened: Open) -> None:
    records = opened.cw.records
    first = child_redactor(records)
    assert child_redactor(records) is first  # nothing changed: the one lookup is shared
    assert first(TEXT) == TEXT  # neither child is on this laptop yet

    fields = {"school_id": opened.desk.school, "given_name": "Siobhán", "family_name": "Ní Bhriain"}
    siobhan = records.add("cyp", fields | {"pseudonym": "CYP-SB0001"})
    assert child_redactor(records)(TEXT) == "Saw CYP-SB0001 with Dafydd ap Gwilym at lunch"

    records.update("cyp", siobhan.id, {"given_name": "Dafydd", "family_name": "ap Gwilym"})
    assert child_redactor(records)(TEXT) == "Saw Siobhán Ní Bhriain with CYP-SB0001 at lunch"

    records.delete("cyp", siobhan.id)  # entered in error: the name may still be in other records
    assert child_redactor(records)(TEXT) == "Saw Siobhán Ní Bhriain with CYP-SB0001 at lunch"


def test_a_child_imported_from_an_earlier_write_elsewhere_is_redacted(tmp_path: Path) -> None:
    """Laptop B recorded Jolyon an hour before laptop A's last change to a child; when A imports
    B's work, A's newest change to a child is still its own, yet the redactor must know Jolyon."""
    earlier = FrozenClock()
    later = FrozenClock()
    later.advance(hours=1)
    b_store, _ = make_vault(tmp_path / "b", earlier).create("Team", PASSPHRASE)
    a_store, _ = make_vault(tmp_path / "a", later).create("Team", PASSPHRASE)
    with a_store, b_store:
        b = Casework(RecordService(b_store, lambda: TODAY)).records
        a = Casework(RecordService(a_store, lambda: TODAY)).records
        school = b.add("school", {"name": "Oakhill Academy"})
        b.add(
            "cyp",
            {"school_id": school.id, "given_name": "Jolyon", "family_name": "Quartermain"}
            | {"pseudonym": "CYP-JQ0009"},
        )
        a.add("cyp", {"school_id": a.add("school", {"name": "Greenfield"}).id, "initials": "AB"})
        assert child_redactor(a)("Ring Jolyon Quartermain's dad") == "Ring Jolyon Quartermain's dad"
        with a_store.transaction():
            a_store.records.apply_remote(b_store.records.all_ops())
        assert child_redactor(a)("Ring Jolyon Quartermain's dad") == "Ring CYP-JQ0009's dad"


def test_the_names_go_with_the_store_when_it_locks(tmp_path: Path) -> None:
    store, _ = make_vault(tmp_path / "home").create("Team", PASSPHRASE)
    records = RecordService(store, lambda: TODAY)
    school = records.add("school", {"name": "Greenfield"})
    records.add("cyp", {"school_id": school.id, "given_name": "Zuzanna", "family_name": "Nowak"})
    kept = weakref.ref(child_redactor(records))
    gc.collect()
    assert kept() is not None  # the open store keeps it for the next output
    store.close()
    gc.collect()
    assert kept() is None
