-- Optional e-mail (issue #16). Nothing here is used unless the server has mail
-- settings (REACTIES_SMTP_URL and REACTIES_MAIL_FROM).

-- A reader's address, used only once confirmed (double opt-in). One row per
-- account; the address is never shown to anyone else and goes with the account.
CREATE TABLE mail_addresses (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- The confirmed address; NULL until one is confirmed.
    address      TEXT,
    verified_at  INTEGER,
    -- "Mail me when someone answers me"; off unless asked.
    replies      INTEGER NOT NULL DEFAULT 0 CHECK (replies IN (0, 1)),
    -- The author's alerts for held reactions and reports: each, hourly, or off.
    alerts       TEXT    NOT NULL DEFAULT 'each' CHECK (alerts IN ('each', 'hourly', 'off')),
    -- A random secret in every notification mail's unsubscribe link (RFC 8058);
    -- it can do nothing but switch reply mail off, so it is kept as it is.
    unsubscribe  TEXT    NOT NULL UNIQUE
);

-- Single-use links sent by mail: confirming an address (24 hours) and
-- resetting a password (30 minutes). Only the SHA-256 of the token is stored.
CREATE TABLE mail_tokens (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('confirm', 'reset')),
    -- For 'confirm': the address being confirmed.
    address     TEXT,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX mail_tokens_user ON mail_tokens (user_id, purpose);

-- The durable outbox: a mail is written here in the transaction that caused it
-- and sent by the worker, with retries. What a notification says is composed
-- when it is sent (so a reaction withdrawn meanwhile is not mailed); a link's
-- token is kept only until its mail is sent.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    -- One mail per cause: inserting the same key twice is a no-op, and the key
    -- becomes the Message-ID, so a resend after a crash is recognisable.
    idempotency_key TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('confirm', 'changed', 'reply', 'alert', 'reset')),
    user_id         INTEGER REFERENCES users (id) ON DELETE CASCADE,
    address         TEXT    NOT NULL,
    reaction_id     INTEGER,
    -- For 'alert': 'held' or 'report'.
    detail          TEXT,
    token           TEXT,
    -- Mails of one batch (a thread's replies to one reader, the author's
    -- alerts) that are due together go out as one digest.
    batch           TEXT,
    digest          INTEGER NOT NULL DEFAULT 0 CHECK (digest IN (0, 1)),
    send_after      INTEGER NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'waiting'
                    CHECK (status IN ('waiting', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'waiting';
CREATE INDEX mail_outbox_batch ON mail_outbox (user_id, batch, send_after);
CREATE INDEX mail_outbox_failed ON mail_outbox (created_at) WHERE status = 'failed';
