"""Purging a case's content from the store: the one path the op log's guards let through.

A purge op (kind "purge", on a CYP) removes the case and every record reachable from it. Which
records those are follows from the log alone, so every device that holds the same ops purges
the same records: a record is purged when the case is, or when any change to it ever pointed
one of its reference fields (``domain.retention.PURGE_REFS``) at a purged record. Its ops stay
in the log as stubs (``batch.STUB_BODY``): same id, clock, author, kind and record, no content.

An import goes through ``screen`` first: an incoming op of a purged record arrives as a stub, an
incoming stub or purge op purges the records it names here, and so an old bundle can never bring
purged content back (hazard H9). The stubbing is done by ``purge_stored`` alone, inside the
caller's transaction, while it holds the gate (a row in ``purge_gate``, which the log's UPDATE
guard checks, migration 0009); derived rows are rebuilt from the stubs, the search index drops
them with FTS5's secure-delete, and SQLite's ``secure_delete`` (on for every connection) zeroes
what is freed. The caller checkpoints the WAL afterwards (``Store.scrub``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from linkdesk.domain.records import Op
from linkdesk.domain.retention import PURGE_REFS, Footprint
from linkdesk.storage.batch import LOG, STUB_BODY, chunks, refold
from linkdesk.storage.connection import Connection

#: Purge ops and stubs, in the form ``ops_purged``'s WHERE clause has (so SQLite uses that index).
_PURGED = f"(kind = 'purge' OR body = '{STUB_BODY}')"
_REF_FIELDS = sorted({name for names in PURGE_REFS.values() for name in names})


def purged_ids(conn: Connection) -> set[str]:
    """Every record purged here (a purge op or a stub in the log)."""
    rows = conn.execute(f"SELECT DISTINCT entity_id FROM ops INDEXED BY ops_purged WHERE {_PURGED}")
    return {str(row[0]) for row in rows}


def purge_roots(conn: Connection) -> set[str]:
    """The cases a purge op names (the records purged with them follow from the log)."""
    rows = conn.execute(
        f"SELECT DISTINCT entity_id FROM ops INDEXED BY ops_purged WHERE {_PURGED} AND kind = 'purge'"
    )
    return {str(row[0]) for row in rows}


def _targets(op: Op) -> set[str]:
    """The records an op points at through the fields a purge follows."""
    names = PURGE_REFS.get(op.entity_type, ())
    return {str(op.fields[name]) for name in names if isinstance(op.fields.get(name), str)}


def _stored_refs(conn: Connection) -> Iterable[tuple[str, str]]:
    """(record, target) for every reference a purge follows, in every change in the log."""
    columns = ", ".join(f"json_extract(body, '$.fields.{name}')" for name in _REF_FIELDS)
    types = ", ".join(f"'{name}'" for name in PURGE_REFS)
    for entity_id, *targets in conn.execute(
        f"SELECT entity_id, {columns} FROM ops "
        f"WHERE entity_type IN ({types}) AND kind IN ('create', 'update')"
    ):
        for target in targets:
            if isinstance(target, str):
                yield str(entity_id), target


def referrers(conn: Connection, incoming: Sequence[Op] = ()) -> dict[str, set[str]]:
    """{record: the records whose changes (stored or ``incoming``) ever pointed at it}."""
    found: dict[str, set[str]] = {}
    pairs = list(_stored_refs(conn))
    pairs += [(op.entity_id, target) for op in incoming for target in _targets(op)]
    for entity_id, target in pairs:
        found.setdefault(target, set()).add(entity_id)
    return found


def reach(referring: dict[str, set[str]], roots: set[str]) -> set[str]:
    """``roots`` and every record that points into the set, directly or through others."""
    found = set(roots)
    frontier = list(roots)
    while frontier:
        nxt = [r for target in frontier for r in referring.get(target, ()) if r not in found]
        found.update(nxt)
        frontier = nxt
    return found


def closure(conn: Connection, roots: set[str], incoming: Sequence[Op] = ()) -> set[str]:
    """What a purge of ``roots`` removes, given the log and ``incoming`` ops."""
    return reach(referrers(conn, incoming), roots)


def footprints(conn: Connection, cyp_ids: Sequence[str]) -> dict[str, Footprint]:
    """For each case, what a purge of it would remove: its records, and their changes by device."""
    referring = referrers(conn)
    found: dict[str, Footprint] = {}
    for cyp_id in cyp_ids:
        ids = sorted(reach(referring, {cyp_id}))
        highest: dict[str, int] = {}
        last = ""
        for part in chunks(ids):
            marks = ", ".join("?" * len(part))
            for device_id, seq, hlc in conn.execute(
                f"SELECT d.device_id, max(o.seq), max(o.hlc) FROM {LOG} "
                f"WHERE o.entity_id IN ({marks}) GROUP BY d.device_id",
                tuple(part),
            ):
                highest[str(device_id)] = max(highest.get(str(device_id), 0), int(seq))
                last = max(last, str(hlc))
        found[cyp_id] = Footprint(len(ids), highest, last)
    return found


def screen(conn: Connection, ops: Sequence[Op]) -> tuple[list[Op], set[str]]:
    """The incoming ``ops`` as they may be applied, and the stored records they newly purge.

    An op of a purged record (purged here already, or by a purge or stub among ``ops``) becomes
    its stub. Costs one index lookup unless a purge is involved.
    """
    purged = purged_ids(conn)
    seeds = {op.entity_id for op in ops if op.kind == "purge" or op.purged}
    if not seeds - purged and not any(op.entity_id in purged or _targets(op) & purged for op in ops):
        return list(ops), set()
    everything = closure(conn, purged | seeds, ops)
    screened = [
        op if op.kind == "purge" or op.purged or op.entity_id not in everything else _stub(op) for op in ops
    ]
    return screened, everything - purged


def _stub(op: Op) -> Op:
    return replace(op, fields={}, deps={}, purged=True)


def purge_stored(conn: Connection, entity_ids: set[str]) -> int:
    """Stub every op of ``entity_ids`` and rebuild their rows; returns how many ops were stubbed.

    Runs in the caller's transaction; the gate is open only while the log is rewritten.
    """
    if not entity_ids:
        return 0
    ids = sorted(entity_ids)
    rids = []
    for part in chunks(ids):
        marks = ", ".join("?" * len(part))
        rids += [
            int(r[0]) for r in conn.execute(f"SELECT rid FROM records WHERE id IN ({marks})", tuple(part))
        ]
    conn.executemany("DELETE FROM search_index WHERE rowid = ?", [(rid,) for rid in rids])
    conn.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")  # drop their terms
    conn.execute("INSERT INTO purge_gate (opened) VALUES (1)")
    stubbed = 0
    try:
        for part in chunks(ids):
            marks = ", ".join("?" * len(part))
            stubbed += conn.execute(
                f"UPDATE ops SET body = ? WHERE entity_id IN ({marks}) AND kind != 'purge' AND body != ?",
                (STUB_BODY, *part, STUB_BODY),
            ).rowcount
    finally:
        conn.execute("DELETE FROM purge_gate")
    refold(conn, ids)
    for entity_id in ids:  # unsaved forms about these records
        conn.execute(
            "DELETE FROM drafts WHERE instr(name, ?) > 0 OR instr(body, ?) > 0", (entity_id, entity_id)
        )
    return stubbed
