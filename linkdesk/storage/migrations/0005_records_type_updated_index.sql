-- "When did any record of this type last change?" in O(log n): lets views rebuild caches only
-- when their source changed (e.g. the search window's name redactor).
CREATE INDEX records_type_updated ON records (type, updated_hlc);
