-- Service settings (service name, letterhead, thresholds): declared values, no secrets.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO settings (key, value, updated_at)
SELECT 'service_name', value, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM store_meta WHERE key = 'service_name';
DELETE FROM store_meta WHERE key = 'service_name';
