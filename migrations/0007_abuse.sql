-- Hardening against abuse.

-- Look-alike names. Two confusable skeletons (Unicode TR39) of each name with the
-- separators - _ . removed; two names collide when either is the same. SQLite
-- cannot compute them, so the application fills them in (at start-up for rows
-- from before this migration; a deleted account gets its placeholder key).
--   name_skeleton:       skeleton of the name as written, then lower case (OIaf = Olaf)
--   name_skeleton_lower: skeleton of the lower-cased name (Ilse = ilse)
ALTER TABLE users ADD COLUMN name_skeleton TEXT;
ALTER TABLE users ADD COLUMN name_skeleton_lower TEXT;
CREATE INDEX users_name_skeleton ON users (name_skeleton);
CREATE INDEX users_name_skeleton_lower ON users (name_skeleton_lower);

-- An edit of a published reaction that the author's rules hold waits here; the
-- published text stays until the author approves the edit (then it replaces the
-- text, the old one going into reaction_revisions) or rejects it (then these clear).
ALTER TABLE reactions ADD COLUMN pending_body_source TEXT;
ALTER TABLE reactions ADD COLUMN pending_body_html TEXT;
ALTER TABLE reactions ADD COLUMN pending_reason TEXT;
ALTER TABLE reactions ADD COLUMN pending_at INTEGER;
CREATE INDEX reactions_pending_edit ON reactions (pending_at) WHERE pending_at IS NOT NULL;
