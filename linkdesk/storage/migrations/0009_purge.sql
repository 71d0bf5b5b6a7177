-- Retention (issue 22): a purge removes a closed case's content everywhere (security.md §5.2).
--
-- * ``ops.kind`` may be 'purge' (the op that purges a case); the table is rebuilt for the CHECK.
-- * The log stays append-only: no DELETE ever, and an UPDATE only while the purge path holds the
--   gate (a row in ``purge_gate``, written and removed inside its transaction, by nothing else)
--   and only to turn an op into its stub: the same id, clock, author, kind and record, and the
--   one content-free body below. ``storage/integrity.py`` checks these guards.
-- * ``ops_purged`` finds purged records (stubs and purge ops) without reading the whole log.

CREATE TABLE purge_gate (
    opened INTEGER NOT NULL
);

CREATE TABLE ops_v9 (
    device      INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    hlc         TEXT NOT NULL,
    author      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete', 'purge')),
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
INSERT INTO ops_v9 (device, seq, hlc, author, kind, entity_type, entity_id, body)
SELECT device, seq, hlc, author, kind, entity_type, entity_id, body FROM ops ORDER BY device, seq;
DROP TRIGGER ops_no_update;
DROP TRIGGER ops_no_delete;
DROP TABLE ops;
ALTER TABLE ops_v9 RENAME TO ops;
CREATE INDEX ops_entity ON ops (entity_id);
CREATE INDEX ops_purged ON ops (entity_id)
    WHERE kind = 'purge' OR body = '{"deps":{},"fields":{},"purged":true}';

CREATE TRIGGER ops_no_update BEFORE UPDATE ON ops
WHEN NOT EXISTS (SELECT 1 FROM purge_gate)
    OR NEW.body IS NOT '{"deps":{},"fields":{},"purged":true}'
    OR NEW.device IS NOT OLD.device OR NEW.seq IS NOT OLD.seq OR NEW.hlc IS NOT OLD.hlc
    OR NEW.author IS NOT OLD.author OR NEW.kind IS NOT OLD.kind
    OR NEW.entity_type IS NOT OLD.entity_type OR NEW.entity_id IS NOT OLD.entity_id
BEGIN SELECT RAISE(ABORT, 'the operation log is append-only: only a purge may remove content'); END;
CREATE TRIGGER ops_no_delete BEFORE DELETE ON ops
BEGIN SELECT RAISE(ABORT, 'the op log is append-only'); END;
