-- An audit entry's details (the settings before and after, a ban's period and
-- reason) are written in the interface language of the moment the action was
-- taken, and shown as written: a record is not rewritten. The language they
-- were written in, so the page can mark them; entries made before English
-- existed are Dutch.
ALTER TABLE audit_log ADD COLUMN lang TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'en'));
