-- Reference columns (issues 14 and 20): the fields that records are looked up by are kept in
-- columns of their own beside ``records.data``, written by the fold with the data, instead of
-- being read out of the JSON by expression indexes. SQLite evaluated those expressions (twice for
-- a partial index) on every insert and update, each one copying the whole record text; with
-- SQLCipher's memory security each copy was also an mlock'd allocation. Nothing about a record's
-- meaning changes: the state hash, conflicts and search results are the same across it.
--
-- A column holds the field's value where it is text (every reference and date is) and NULL
-- otherwise; ``verify --deep`` compares them with a replay of the log.

DROP INDEX records_school_id;
DROP INDEX records_cyp_id;
DROP INDEX records_visit_id;
DROP INDEX records_referral_id;
DROP INDEX records_subject_id;
DROP INDEX records_date;

ALTER TABLE records ADD COLUMN school_id TEXT;
ALTER TABLE records ADD COLUMN cyp_id TEXT;
ALTER TABLE records ADD COLUMN visit_id TEXT;
ALTER TABLE records ADD COLUMN referral_id TEXT;
ALTER TABLE records ADD COLUMN subject_id TEXT;
ALTER TABLE records ADD COLUMN date TEXT;

UPDATE records SET
    school_id = CASE json_type(data, '$.school_id') WHEN 'text' THEN json_extract(data, '$.school_id') END,
    cyp_id = CASE json_type(data, '$.cyp_id') WHEN 'text' THEN json_extract(data, '$.cyp_id') END,
    visit_id = CASE json_type(data, '$.visit_id') WHEN 'text' THEN json_extract(data, '$.visit_id') END,
    referral_id = CASE json_type(data, '$.referral_id') WHEN 'text' THEN json_extract(data, '$.referral_id') END,
    subject_id = CASE json_type(data, '$.subject_id') WHEN 'text' THEN json_extract(data, '$.subject_id') END,
    date = CASE json_type(data, '$.date') WHEN 'text' THEN json_extract(data, '$.date') END;

CREATE INDEX records_school_id ON records (school_id) WHERE school_id IS NOT NULL;
CREATE INDEX records_cyp_id ON records (cyp_id) WHERE cyp_id IS NOT NULL;
CREATE INDEX records_visit_id ON records (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX records_referral_id ON records (referral_id) WHERE referral_id IS NOT NULL;
CREATE INDEX records_subject_id ON records (subject_id) WHERE subject_id IS NOT NULL;
CREATE INDEX records_date ON records (type, date) WHERE date IS NOT NULL;
