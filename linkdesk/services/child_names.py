"""The one name redactor over every child on this laptop, as every output builds it.

It is built from the children read one at a time, unsorted (the redactor's answers do not depend
on their order), deleted ones too (a child's record deleted in error leaves their name in other
records' text), and kept by the open store until a CYP record changes: the search window builds
it in the background after unlock, and letters, reports, privacy mode and the subject access
export then share it.
"""

from __future__ import annotations

from linkdesk.domain.redaction import NameRedactor
from linkdesk.services.records import RecordService


def child_redactor(records: RecordService) -> NameRedactor:
    """A redactor of every child's names, at any school (a brother or a friend may be at another)."""
    store = records.records
    return store.kept("child names", "cyp", lambda: NameRedactor(store.each("cyp", include_deleted=True)))
