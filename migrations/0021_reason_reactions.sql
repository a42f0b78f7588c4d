-- A reaction may name the reason of the article it is about ("over reden 3").
-- NULL: about the article as a whole. The number is checked against the
-- article's reasons when the reaction is posted (articles live in files).
ALTER TABLE reactions ADD COLUMN reason INTEGER CHECK (reason IS NULL OR reason >= 1);
-- The reactions about one reason, for its count and its page.
CREATE INDEX reactions_reason ON reactions (article_slug, reason, status) WHERE reason IS NOT NULL;

-- A reaction typed before logging in keeps the reason it was about.
ALTER TABLE sessions ADD COLUMN draft_reason INTEGER;

-- A reader may ask to hear of new reactions about the reasons they said JA or
-- NEE to. Off unless asked.
ALTER TABLE users ADD COLUMN notify_reasons INTEGER NOT NULL DEFAULT 0 CHECK (notify_reasons IN (0, 1));

-- A new kind of notification, 'reason': an approved reaction about a reason the
-- reader took a stance on. SQLite cannot change a CHECK constraint in place, so
-- the table is rebuilt with the same rows and indexes.
CREATE TABLE notifications_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL
                CHECK (kind IN ('reply', 'approved', 'rejected', 'appreciated', 'new', 'report', 'reason')),
    reaction_id INTEGER NOT NULL REFERENCES reactions (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
INSERT INTO notifications_new (id, user_id, kind, reaction_id, created_at, read_at)
    SELECT id, user_id, kind, reaction_id, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, kind, reaction_id);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
