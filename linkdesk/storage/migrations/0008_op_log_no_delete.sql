-- The op log is append-only, like the audit log: a change, once written, is never removed (a
-- delete of a record is itself an op, a tombstone). Updates were already refused (0006).
CREATE TRIGGER ops_no_delete BEFORE DELETE ON ops
BEGIN SELECT RAISE(ABORT, 'the op log is append-only'); END;
