-- The walking skeleton: readers, their sessions and their reactions.
-- All times are UTC, stored as Unix seconds so comparisons and ordering are plain integers.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    -- As typed (NFC); shown to readers.
    username      TEXT    NOT NULL,
    -- NFKC + lower case: two names that look alike to a reader map to the same key.
    username_key  TEXT    NOT NULL UNIQUE,
    -- PHC string (argon2id).
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'author')),
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie value: a leaked database does not leak live sessions.
    token_hash      TEXT    PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    -- A reaction typed before logging in, restored into the form once after login.
    draft_slug      TEXT,
    draft_parent_id INTEGER,
    draft_body      TEXT
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE reactions (
    id           INTEGER PRIMARY KEY,
    article_slug TEXT    NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    -- The reaction this one answers; kept even when that one is deleted.
    parent_id    INTEGER REFERENCES reactions (id),
    -- Markdown as written, and the sanitised HTML rendered from it at write time.
    body_source  TEXT    NOT NULL,
    body_html    TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'approved'
                 CHECK (status IN ('pending', 'approved', 'rejected', 'spam', 'deleted')),
    created_at   INTEGER NOT NULL,
    edited_at    INTEGER,
    deleted_at   INTEGER
);
CREATE INDEX reactions_article ON reactions (article_slug, status, id);
CREATE INDEX reactions_parent ON reactions (parent_id);
CREATE INDEX reactions_user ON reactions (user_id);
