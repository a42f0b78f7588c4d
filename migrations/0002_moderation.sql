-- Moderation: the author's policy, readers' standing, reports, edit history and the audit log.

-- A reader's standing. A ban with banned_until NULL lasts until lifted.
ALTER TABLE users ADD COLUMN trusted      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN shadowbanned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN banned_at    INTEGER;
ALTER TABLE users ADD COLUMN banned_until INTEGER;
ALTER TABLE users ADD COLUMN ban_reason   TEXT;

-- Reactions are rebuilt (SQLite cannot change a CHECK or NOT NULL in place):
-- guests write without an account, and there are more states.
--   pending   held for the author          hidden  taken down by the author, reversible
--   shadow    by a shadowbanned writer     rejected, spam, deleted: gone from the page
CREATE TABLE reactions_v2 (
    id           INTEGER PRIMARY KEY,
    article_slug TEXT    NOT NULL,
    user_id      INTEGER REFERENCES users (id),
    guest_name   TEXT,
    parent_id    INTEGER REFERENCES reactions_v2 (id),
    body_source  TEXT    NOT NULL,
    body_html    TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'approved'
                 CHECK (status IN ('pending', 'approved', 'rejected', 'spam', 'deleted', 'hidden', 'shadow')),
    -- Why it was held, in Dutch, for the queue.
    held_reason  TEXT,
    pinned       INTEGER NOT NULL DEFAULT 0,
    locked       INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    edited_at    INTEGER,
    deleted_at   INTEGER,
    CHECK ((user_id IS NULL) <> (guest_name IS NULL))
);
INSERT INTO reactions_v2 (id, article_slug, user_id, parent_id, body_source, body_html, status,
                          created_at, edited_at, deleted_at)
SELECT id, article_slug, user_id, parent_id, body_source, body_html, status,
       created_at, edited_at, deleted_at
FROM reactions;
DROP TABLE reactions;
ALTER TABLE reactions_v2 RENAME TO reactions;
CREATE INDEX reactions_article ON reactions (article_slug, status, id);
CREATE INDEX reactions_parent ON reactions (parent_id);
CREATE INDEX reactions_user ON reactions (user_id);
CREATE INDEX reactions_status ON reactions (status);

-- The author's policy: exactly one row.
CREATE TABLE settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    -- none: publish immediately; first: hold until an account has one approved; all: hold everything
    premoderation      TEXT    NOT NULL DEFAULT 'first' CHECK (premoderation IN ('none', 'first', 'all')),
    guests_allowed     INTEGER NOT NULL DEFAULT 0,
    -- 0 switches a rule off.
    hold_min_links     INTEGER NOT NULL DEFAULT 2,
    hold_account_hours INTEGER NOT NULL DEFAULT 0,
    -- One word or phrase per line.
    hold_words         TEXT    NOT NULL DEFAULT '',
    block_words        TEXT    NOT NULL DEFAULT '',
    -- NULL: never close automatically.
    auto_close_days    INTEGER,
    report_threshold   INTEGER NOT NULL DEFAULT 3,
    -- Secret in the URL of the private Atom feed of waiting items.
    feed_token         TEXT    NOT NULL
);
INSERT INTO settings (id, feed_token) VALUES (1, lower(hex(randomblob(32))));

CREATE TABLE article_settings (
    slug   TEXT    PRIMARY KEY,
    closed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    reaction_id INTEGER NOT NULL REFERENCES reactions (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    UNIQUE (reaction_id, user_id)
);
CREATE INDEX reports_open ON reports (resolved_at, reaction_id);

-- Earlier versions of a reaction, kept on every edit.
CREATE TABLE reaction_revisions (
    id          INTEGER PRIMARY KEY,
    reaction_id INTEGER NOT NULL REFERENCES reactions (id) ON DELETE CASCADE,
    body_source TEXT    NOT NULL,
    edited_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    note        TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX reaction_revisions_reaction ON reaction_revisions (reaction_id);

-- Every moderation action. The application never deletes from this table.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    -- NULL actor: the system (the report threshold) or a removed account.
    actor_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action      TEXT    NOT NULL,
    reaction_id INTEGER REFERENCES reactions (id) ON DELETE SET NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    detail      TEXT,
    before      TEXT,
    after       TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at);
