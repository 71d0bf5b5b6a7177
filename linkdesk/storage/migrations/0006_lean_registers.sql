-- A lean store (issue 14). Nothing about a record's meaning changes: every store keeps the same
-- state hash, conflicts and search results across this migration.
--
-- * Each field's single current value is named in ``records.heads`` ({op id: [fields]}) beside
--   the record, or ``heads`` is NULL while the record's one op is the create that wrote every
--   field; ``register_values`` keeps rows only for fields whose values are concurrent.
-- * "When did a record of this type last change?" is one row per type (``type_changes``) rather
--   than two clock columns and an index on every record.
-- * The log names each device by a small local number (``devices``) instead of repeating its
--   36-character id in every op and every index entry; ops travel with the full id.
-- * ``superseded`` keeps only the ops a write replaced before they arrived here (the only ones a
--   later import could still bring back); it is keyed by op so an import looks them up directly.
-- * ``records`` gets an explicit integer key (``rid``); the search index uses it, so a VACUUM can
--   no longer renumber one without the other. Reference indexes skip records without the field,
--   and no index repeats another's leading columns. The log needs no HLC index (a replay sorts).

CREATE TABLE records_v6 (
    rid         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    heads       TEXT,
    conflicted  TEXT NOT NULL DEFAULT '',
    deleted     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE type_changes (
    type TEXT PRIMARY KEY,
    hlc  TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO type_changes (type, hlc) SELECT type, max(updated_hlc) FROM records GROUP BY type;

INSERT INTO records_v6 (rid, id, type, data, heads, conflicted, deleted)
SELECT r.rowid, r.id, r.type, r.data,
       CASE WHEN r.conflicted = '' AND (
           SELECT count(*) = 1 AND min(o.kind) = 'create' AND min(json_extract(o.body, '$.deps')) = '{}'
           FROM ops o WHERE o.entity_id = r.id
       ) THEN NULL ELSE coalesce((
           SELECT json_group_object(single.op, json(single.fields)) FROM (
               SELECT op, json_group_array(field) AS fields FROM (
                   SELECT field, min(op) AS op FROM register_values v
                   WHERE v.entity_id = r.id GROUP BY field HAVING count(*) = 1 ORDER BY field
               ) GROUP BY op ORDER BY op
           ) AS single
       ), '{}') END,
       r.conflicted, r.deleted
FROM records r ORDER BY r.rowid;

DROP TABLE records;
ALTER TABLE records_v6 RENAME TO records;

CREATE INDEX records_type ON records (type, deleted);
CREATE INDEX records_school_id ON records (json_extract(data, '$.school_id'))
    WHERE json_extract(data, '$.school_id') IS NOT NULL;
CREATE INDEX records_cyp_id ON records (json_extract(data, '$.cyp_id'))
    WHERE json_extract(data, '$.cyp_id') IS NOT NULL;
CREATE INDEX records_visit_id ON records (json_extract(data, '$.visit_id'))
    WHERE json_extract(data, '$.visit_id') IS NOT NULL;
CREATE INDEX records_referral_id ON records (json_extract(data, '$.referral_id'))
    WHERE json_extract(data, '$.referral_id') IS NOT NULL;
CREATE INDEX records_subject_id ON records (json_extract(data, '$.subject_id'))
    WHERE json_extract(data, '$.subject_id') IS NOT NULL;
CREATE INDEX records_date ON records (type, json_extract(data, '$.date'))
    WHERE json_extract(data, '$.date') IS NOT NULL;

DELETE FROM register_values WHERE (entity_id, field) IN (
    SELECT entity_id, field FROM register_values GROUP BY entity_id, field HAVING count(*) = 1
);

CREATE TABLE devices (
    n         INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL UNIQUE
);
INSERT INTO devices (device_id) SELECT DISTINCT device_id FROM ops ORDER BY device_id;

CREATE TABLE ops_v6 (
    device      INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    hlc         TEXT NOT NULL,
    author      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete')),
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
INSERT INTO ops_v6 (device, seq, hlc, author, kind, entity_type, entity_id, body)
SELECT d.n, o.seq, o.hlc, o.author, o.kind, o.entity_type, o.entity_id, o.body
FROM ops o JOIN devices d ON d.device_id = o.device_id ORDER BY d.n, o.seq;

CREATE TABLE superseded_v6 (
    op        TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    PRIMARY KEY (op, entity_id, field)
) WITHOUT ROWID;
INSERT INTO superseded_v6 (op, entity_id, field)
SELECT s.op, s.entity_id, s.field FROM superseded s
WHERE NOT EXISTS (
    SELECT 1 FROM ops o
    WHERE o.device_id = substr(s.op, 1, instr(s.op, ':') - 1)
      AND o.seq = CAST(substr(s.op, instr(s.op, ':') + 1) AS INTEGER)
);
DROP TABLE superseded;
ALTER TABLE superseded_v6 RENAME TO superseded;

DROP TABLE ops;
ALTER TABLE ops_v6 RENAME TO ops;
CREATE INDEX ops_entity ON ops (entity_id);
CREATE TRIGGER ops_no_update BEFORE UPDATE ON ops
BEGIN SELECT RAISE(ABORT, 'the operation log is append-only'); END;
