-- The conversation: a reader's stance on each reason of an article, appreciation
-- of reactions, the order a reader reads reactions in, and what a reader hears back.

-- One stance per reader per reason: the primary key makes a double submit an
-- update of the same row, never a second vote. 'ja' agrees, 'nee' disagrees;
-- taking a stance back deletes the row.
CREATE TABLE stances (
    article_slug TEXT    NOT NULL,
    reason       INTEGER NOT NULL CHECK (reason >= 1),
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stance       TEXT    NOT NULL CHECK (stance IN ('ja', 'nee')),
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (article_slug, reason, user_id)
) WITHOUT ROWID;
CREATE INDEX stances_user ON stances (user_id, article_slug);

-- Every stance a reader chose (or took back, NULL), for the author's tallies over time.
CREATE TABLE stance_changes (
    id           INTEGER PRIMARY KEY,
    article_slug TEXT    NOT NULL,
    reason       INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- NULL: taken back.
    stance       TEXT    CHECK (stance IN ('ja', 'nee')),
    created_at   INTEGER NOT NULL
);
CREATE INDEX stance_changes_article ON stance_changes (article_slug, created_at);
CREATE INDEX stance_changes_user ON stance_changes (user_id);

-- One appreciation per reader per reaction (never one's own, checked on insert).
CREATE TABLE appreciations (
    reaction_id INTEGER NOT NULL REFERENCES reactions (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (reaction_id, user_id)
) WITHOUT ROWID;
CREATE INDEX appreciations_user ON appreciations (user_id);

-- The order a reader chose for the reactions: 'oudste', 'nieuwste' or 'gewaardeerd'.
ALTER TABLE sessions ADD COLUMN reaction_order TEXT;

-- What a reader hears back. One row per (reader, kind, reaction): the unique
-- index makes producing a notification twice (a double approve, a hide and an
-- approve again) a no-op, and a new appreciation of the same reaction marks the
-- one row unread again instead of adding another.
--   reply        an approved reply to one of the reader's reactions
--   approved     the reader's held reaction was placed
--   rejected     the reader's held reaction was not placed (reason on the reaction)
--   appreciated  readers appreciated the reader's reaction (count read live)
--   new          for the author: a new approved reaction
--   report       for the author: a reaction was reported
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL
                CHECK (kind IN ('reply', 'approved', 'rejected', 'appreciated', 'new', 'report')),
    reaction_id INTEGER NOT NULL REFERENCES reactions (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, kind, reaction_id);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
-- The header's unread count reads only this (small) partial index.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- The secret in the address of a reader's private feed of notifications;
-- NULL until the reader asks for one, replaced when the reader renews it.
ALTER TABLE users ADD COLUMN feed_token TEXT;
CREATE UNIQUE INDEX users_feed_token ON users (feed_token);
