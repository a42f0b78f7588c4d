-- The duplicate check (the same text again within the hour) looks a text up by
-- its hash. The index used to lead with user_id, which the check compares with
-- IS NOT DISTINCT FROM (guests have none): PostgreSQL uses no index for that and
-- scanned every reaction on every insert. The hash leads now, on both databases.
DROP INDEX reactions_user_text;
CREATE INDEX reactions_text ON reactions (body_hash, created_at);
