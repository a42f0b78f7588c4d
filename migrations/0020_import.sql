-- Moving in: comments imported from WordPress, Disqus or Isso.

-- Which reaction each imported comment became, by the source's own id, so a
-- second run of the same import adds nothing twice.
CREATE TABLE import_sources (
    -- wordpress, disqus or isso
    source      TEXT    NOT NULL,
    source_id   TEXT    NOT NULL,
    reaction_id INTEGER NOT NULL REFERENCES reactions (id) ON DELETE CASCADE,
    PRIMARY KEY (source, source_id)
) WITHOUT ROWID;
CREATE INDEX import_sources_reaction ON import_sources (reaction_id);

-- One file's comments while it is being imported, inside the import's own
-- transaction; always empty otherwise. Staged on disk rather than in memory so
-- a file of any size imports in bounded memory, and so threads can be put in
-- order (a parent before its replies) with set-based SQL once the file is read.
CREATE TABLE import_staging (
    seq           INTEGER PRIMARY KEY,
    source_id     TEXT    NOT NULL UNIQUE,
    parent_source TEXT,
    slug          TEXT    NOT NULL,
    user_id       INTEGER,
    guest_name    TEXT,
    body_source   TEXT    NOT NULL,
    body_html     TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    -- Where the item starts in the file (a line) or its id in a database, for messages.
    place         TEXT    NOT NULL,
    -- Filled in when the file has been read:
    parent_ext    INTEGER, -- parent imported by an earlier run
    root_ext      INTEGER, -- that parent's thread
    depth         INTEGER,
    sort_at       INTEGER, -- never before the parent's, so a parent gets the lower id
    root_seq      INTEGER,
    orphan        INTEGER NOT NULL DEFAULT 0,
    new_id        INTEGER
);
CREATE INDEX import_staging_parent ON import_staging (parent_source);
