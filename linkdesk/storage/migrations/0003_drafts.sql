-- Unsaved work kept at lock time, inside the encrypted store, restored at the next unlock.
CREATE TABLE drafts (
    name       TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
