-- Each reply knows the top-level reaction of its thread, so one page of threads
-- (and every reply in them) is a single indexed query. NULL on top-level reactions.
ALTER TABLE reactions ADD COLUMN root_id INTEGER REFERENCES reactions (id);

WITH RECURSIVE roots(id, root) AS (
    SELECT id, id FROM reactions WHERE parent_id IS NULL
    UNION ALL
    SELECT r.id, roots.root FROM reactions r JOIN roots ON r.parent_id = roots.id
)
UPDATE reactions SET root_id = (SELECT root FROM roots WHERE roots.id = reactions.id)
WHERE parent_id IS NOT NULL;

CREATE INDEX reactions_root ON reactions (article_slug, root_id);
CREATE INDEX reactions_top ON reactions (article_slug, parent_id, pinned, id);
CREATE INDEX reactions_user_recent ON reactions (user_id, created_at);
