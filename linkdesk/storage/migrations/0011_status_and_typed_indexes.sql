-- The status in a column, and the reference indexes keyed on the reference, then the type, then
-- the status (issue 20). A lookup such as "the open actions and the children at these schools"
-- named the school in the index but had to read every record of each school (notes, visits, time
-- entries, closed actions) from the table to learn its type and status: on the large demo 2,000
-- rows for the 700 a weekly summary keeps, each from a page of its own. Now only the records asked
-- for are read. A lookup of all of a child's records uses the same index as before (its first
-- column). ``status`` is written by the fold like the reference columns of 0010.

DROP INDEX records_school_id;
DROP INDEX records_cyp_id;
DROP INDEX records_visit_id;
DROP INDEX records_referral_id;
DROP INDEX records_subject_id;

ALTER TABLE records ADD COLUMN status TEXT;
UPDATE records SET status = CASE json_type(data, '$.status') WHEN 'text' THEN json_extract(data, '$.status') END;

CREATE INDEX records_school_id ON records (school_id, type, status) WHERE school_id IS NOT NULL;
CREATE INDEX records_cyp_id ON records (cyp_id, type, status) WHERE cyp_id IS NOT NULL;
CREATE INDEX records_visit_id ON records (visit_id, type, status) WHERE visit_id IS NOT NULL;
CREATE INDEX records_referral_id ON records (referral_id, type, status) WHERE referral_id IS NOT NULL;
CREATE INDEX records_subject_id ON records (subject_id, type, status) WHERE subject_id IS NOT NULL;
