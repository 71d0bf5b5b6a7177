-- D3: every change is an operation in an append-only log; the record tables are a fold of it.

CREATE TABLE ops (
    device_id   TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    hlc         TEXT NOT NULL,
    author      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete')),
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;
CREATE INDEX ops_entity ON ops (entity_id);
CREATE INDEX ops_hlc ON ops (hlc, device_id, seq);

CREATE TRIGGER ops_no_update BEFORE UPDATE ON ops
BEGIN SELECT RAISE(ABORT, 'the operation log is append-only'); END;

-- This device's position in its own log and its hybrid logical clock.
CREATE TABLE device_clock (
    device_id TEXT PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    hlc       TEXT NOT NULL
) WITHOUT ROWID;

-- Multi-value registers: the current value(s) of every field of every record.
CREATE TABLE register_values (
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    op        TEXT NOT NULL,
    hlc       TEXT NOT NULL,
    author    TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (entity_id, field, op)
) WITHOUT ROWID;

-- Values a later write replaced; kept so a late-arriving old value never comes back.
CREATE TABLE superseded (
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    op        TEXT NOT NULL,
    PRIMARY KEY (entity_id, field, op)
) WITHOUT ROWID;

-- The queryable fold: one row per record, winning values as JSON.
CREATE TABLE records (
    id          TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    conflicted  TEXT NOT NULL DEFAULT '',
    created_hlc TEXT NOT NULL,
    updated_hlc TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX records_type ON records (type, deleted);
CREATE INDEX records_school_id ON records (json_extract(data, '$.school_id'));
CREATE INDEX records_cyp_id ON records (json_extract(data, '$.cyp_id'));
CREATE INDEX records_visit_id ON records (json_extract(data, '$.visit_id'));
CREATE INDEX records_referral_id ON records (json_extract(data, '$.referral_id'));
CREATE INDEX records_subject_id ON records (json_extract(data, '$.subject_id'));
CREATE INDEX records_date ON records (type, json_extract(data, '$.date'));

-- Full-text search over names, notes and discussion items (rowid = records.rowid).
CREATE VIRTUAL TABLE search_index USING fts5 (
    type UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
