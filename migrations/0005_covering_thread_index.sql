-- A page of threads and the thread count read only this index: it is in page
-- order (pinned first, then oldest) and holds what the visibility rules test.
DROP INDEX reactions_top;
CREATE INDEX reactions_top ON reactions (article_slug, parent_id, pinned DESC, id, status, user_id);
