"""The one name redactor over every child on this laptop, as each output builds it.

The children are read one at a time, unsorted (the redactor's answers do not depend on their
order), so no list of every CYP record is held while the lookup is built. A view that lives on
(the search window, a pack of letters) holds a ``ChildNames``, built again only after a CYP
record changes; one that is made for a single job calls ``child_redactor`` once.
"""

from __future__ import annotations

from linkdesk.domain.redaction import NameRedactor
from linkdesk.services.records import RecordService


def child_redactor(records: RecordService) -> NameRedactor:
    """A redactor of every child's names, at any school (a brother or a friend may be at another)."""
    return NameRedactor(records.records.each("cyp"))


class ChildNames:
    def __init__(self, records: RecordService) -> None:
        self.records = records
        self._redactor: NameRedactor | None = None
        self._as_of = ""

    def redactor(self, as_of: str | None = None) -> NameRedactor:
        """The redactor over the children as they are now, built again when a CYP record has
        changed since it was built. ``as_of``: the CYP records' last change, when the caller has
        just read it (it is read here otherwise)."""
        if as_of is None:
            as_of = self.records.records.last_change("cyp")
        if self._redactor is None or as_of != self._as_of:
            self._redactor, self._as_of = child_redactor(self.records), as_of
        return self._redactor
