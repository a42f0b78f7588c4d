-- Security and privacy: sessions tied to the password, throttled logins, a server
-- secret for signing forms and hashing IP addresses, and deletable accounts.

-- A session is valid only while the password it was created under is unchanged.
-- Holds a SHA-256 of the password hash; sessions from before this migration are ended.
ALTER TABLE sessions ADD COLUMN password_fp TEXT NOT NULL DEFAULT '';
DELETE FROM sessions;

-- Failed logins, keyed by a keyed hash of (account, client). Rows live 15 minutes.
CREATE TABLE login_failures (
    id         INTEGER PRIMARY KEY,
    key_hash   TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key_hash, created_at);

-- Secrets generated once per installation.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO secrets (name, value) VALUES ('server_key', lower(hex(randomblob(32))));

-- A deleted account keeps its row (reactions may point at it) with its name and
-- password gone.
ALTER TABLE users ADD COLUMN deleted_at INTEGER;
