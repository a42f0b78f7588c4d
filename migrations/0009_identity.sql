-- Who is who: a name shown with reactions beside the login name, the site's own
-- identity, why a reaction was not placed, and which reactions a ban hid.

-- The name readers see with reactions (spaces and accents allowed); NULL shows
-- the login name. Its look-alike skeletons, like the login name's (0007), so no
-- account can show a name that passes for another's.
ALTER TABLE users ADD COLUMN display_name TEXT;
ALTER TABLE users ADD COLUMN display_skeleton TEXT;
ALTER TABLE users ADD COLUMN display_skeleton_lower TEXT;
CREATE INDEX users_display_skeleton ON users (display_skeleton);
CREATE INDEX users_display_skeleton_lower ON users (display_skeleton_lower);

-- The site's name, a one-line description and a contact address, set by the
-- author; empty means the default (the author's name, no description, none).
ALTER TABLE settings ADD COLUMN site_name TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN site_description TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN contact_address TEXT NOT NULL DEFAULT '';

-- Why the author did not place a reaction (optional), shown to its writer.
ALTER TABLE reactions ADD COLUMN rejection_reason TEXT;

-- When a ban's "hide earlier reactions" hid it: the status it had before
-- (approved, pending or shadow), so lifting the ban can put back exactly those,
-- each as it was. NULL otherwise.
ALTER TABLE reactions ADD COLUMN hidden_by_ban TEXT;
