-- "The same text twice within an hour" is checked by a short hash of the text,
-- so the check reads one index entry instead of every recent reaction of the writer.
ALTER TABLE reactions ADD COLUMN body_hash TEXT;
CREATE INDEX reactions_user_text ON reactions (user_id, body_hash, created_at);
DROP INDEX reactions_user_recent;
