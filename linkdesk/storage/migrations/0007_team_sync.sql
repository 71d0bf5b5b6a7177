-- Team sync (D4): this device's keys, the devices it trusts, and the bundles it has imported.

-- This device's key pairs; the secret halves never leave the encrypted store. A row whose device
-- is not the store's current one (after a restore) is replaced on first use.
CREATE TABLE identity (
    device_id    TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    age_identity TEXT NOT NULL,
    age_recipient TEXT NOT NULL,
    sign_private BLOB NOT NULL,
    sign_public  BLOB NOT NULL,
    created_at   TEXT NOT NULL
) WITHOUT ROWID;

-- Teammates' devices, trusted by their cards; ``vector`` is what each is known to hold
-- ({device id: highest seq}), learned from the bundles it sent.
CREATE TABLE team_devices (
    device_id        TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    age_recipient    TEXT NOT NULL,
    sign_public      BLOB NOT NULL,
    trusted_at       TEXT NOT NULL,
    revoked_at       TEXT,
    last_received_at TEXT,
    last_sent_at     TEXT,
    vector           TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;

-- Every bundle imported, so the same bundle twice changes nothing.
CREATE TABLE bundle_ledger (
    bundle_id   TEXT PRIMARY KEY,
    sender      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    ops         INTEGER NOT NULL,
    new_ops     INTEGER NOT NULL
) WITHOUT ROWID;

-- Deleted records, for listing changes a delete hid from someone who had not seen them.
CREATE INDEX records_deleted ON records (rid) WHERE deleted = 1;
-- Records with concurrent values, so listing conflicts after an import reads only those.
CREATE INDEX records_conflicted ON records (rid) WHERE conflicted != '';
