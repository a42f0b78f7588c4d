//! Reading threads: one page of an article's threads as a viewer may see them,
//! and where a reaction's thread sits among the pages.
//!
//! Who sees what: approved reactions everyone; a writer's own held and shadowed
//! ones that writer; held, shadowed and hidden ones the author. A deleted
//! reaction, and for everyone else a hidden, rejected or spam one, stays as a
//! placeholder ("[verwijderd]", "[verborgen]") while approved replies hang below
//! it, so hiding one reaction never hides the conversation under it. The
//! condition appears in `thread_page` (twice: threads and replies) and
//! `thread_count`; keep the three in step.

use std::collections::HashMap;

use crate::sql::Pool;

use super::model::ReactionStatus;
use super::tree::Row;
use crate::accounts::model::Role;
use crate::error::Result;

/// Which page of which threads, in what order.
#[derive(Debug, Clone, Copy)]
pub struct PageOf<'a> {
    pub slug: &'a str,
    pub limit: i64,
    pub offset: i64,
    /// `oudste`, `nieuwste` or `gewaardeerd` (see `conversation::order`).
    pub order: &'a str,
    /// Now, for which bans are in force (their appreciation does not count).
    pub now: i64,
}

/// One page of threads of an article, as this viewer may see them, pinned
/// threads first and then in the order asked for, in one query: the page's
/// top-level reactions and every reply in their threads (replies oldest first).
pub async fn thread_page(
    pool: &Pool,
    page: PageOf<'_>,
    viewer: Option<i64>,
    is_author: bool,
) -> Result<Vec<Row>> {
    let rows = sqlx::query!(
        // CROSS JOIN fixes the join order: the page's threads first, then their
        // replies by root through the index (the planner would scan the article).
        r#"WITH top AS (
               SELECT t.id FROM reactions t
               WHERE t.article_slug = $1 AND t.parent_id IS NULL
                 AND (t.status IN ('approved', 'deleted')
                      OR (t.status IN ('pending', 'shadow', 'rejected') AND t.user_id = $2)
                      OR ($3 AND t.status IN ('pending', 'shadow', 'hidden'))
                      OR (t.status IN ('hidden', 'rejected', 'spam') AND EXISTS (
                          SELECT 1 FROM reactions c
                          WHERE c.article_slug = $1 AND c.root_id = t.id AND c.status = 'approved')))
               ORDER BY t.pinned DESC,
                        CASE WHEN $6 = 'gewaardeerd' THEN (
                            SELECT COUNT(*) FROM appreciations a JOIN users u ON u.id = a.user_id
                            WHERE a.reaction_id = t.id AND u.shadowbanned = 0
                              AND NOT (u.banned_at IS NOT NULL
                                       AND (u.banned_until IS NULL OR u.banned_until > $7)))
                        ELSE 0 END DESC,
                        CASE WHEN $6 = 'nieuwste' THEN -t.id ELSE t.id END
               LIMIT $4 OFFSET $5
           )
                      SELECT r.id AS "id!", r.parent_id, r.user_id, r.guest_name,
                  COALESCE(u.display_name, u.username) AS "username?: String",
                  u.role AS "role?: Role", r.body_html AS "body_html!", r.status AS "status!: ReactionStatus",
                  r.pinned AS "pinned!", r.locked AS "locked!", r.created_at AS "created_at!", r.edited_at,
                  r.rejection_reason, r.reason
           FROM top CROSS JOIN reactions r LEFT JOIN users u ON u.id = r.user_id
           WHERE r.id = top.id
           UNION ALL
                      SELECT r.id, r.parent_id, r.user_id, r.guest_name, COALESCE(u.display_name, u.username),
                  u.role, r.body_html, r.status,
                  r.pinned, r.locked, r.created_at, r.edited_at, r.rejection_reason, r.reason
           FROM top CROSS JOIN reactions r LEFT JOIN users u ON u.id = r.user_id
           WHERE r.article_slug = $1 AND r.root_id = top.id
             AND (r.status IN ('approved', 'deleted', 'hidden', 'rejected', 'spam')
                  OR (r.status IN ('pending', 'shadow') AND (r.user_id = $2 OR $3)))
           ORDER BY 1"#,
        page.slug,
        viewer,
        is_author,
        page.limit,
        page.offset,
        page.order,
        page.now
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let placeholder = !visible(r.status, r.user_id, viewer, is_author)
                && r.status != ReactionStatus::Deleted;
            Row {
                id: r.id,
                parent_id: r.parent_id,
                user_id: r.user_id,
                is_guest: r.user_id.is_none(),
                username: if placeholder {
                    "[verborgen]".to_owned()
                } else {
                    r.username.or(r.guest_name).unwrap_or_default()
                },
                is_author: r.role == Some(Role::Author),
                // A placeholder's text never leaves the server.
                body_html: if placeholder {
                    String::new()
                } else {
                    r.body_html
                },
                placeholder,
                status: r.status,
                pinned: r.pinned != 0,
                locked: r.locked != 0,
                created_at: r.created_at,
                edited_at: r.edited_at,
                // Only the writer sees why their reaction was not placed.
                rejection_reason: r.rejection_reason.filter(|_| !placeholder),
                reason: r.reason.filter(|_| !placeholder),
            }
        })
        .collect())
}

/// Whether this viewer sees a reaction in full.
fn visible(
    status: ReactionStatus,
    writer: Option<i64>,
    viewer: Option<i64>,
    is_author: bool,
) -> bool {
    use ReactionStatus as S;
    match status {
        S::Approved => true,
        S::Pending | S::Shadow => is_author || (viewer.is_some() && writer == viewer),
        S::Hidden => is_author,
        // The writer sees that (and why) it was not placed.
        S::Rejected => viewer.is_some() && writer == viewer,
        S::Spam | S::Deleted => false,
    }
}

/// How many threads (top-level reactions) of an article this viewer may see.
pub async fn thread_count(
    pool: &Pool,
    slug: &str,
    viewer: Option<i64>,
    is_author: bool,
) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM reactions
           WHERE article_slug = $1 AND parent_id IS NULL
             AND (status IN ('approved', 'deleted')
                  OR (status IN ('pending', 'shadow') AND user_id = $2)
                  OR ($3 AND status IN ('pending', 'shadow', 'hidden'))
                  OR (status IN ('hidden', 'rejected', 'spam') AND EXISTS (
                      SELECT 1 FROM reactions c
                      WHERE c.article_slug = $1 AND c.root_id = reactions.id AND c.status = 'approved')))"#,
        slug,
        viewer,
        is_author
    )
    .fetch_one(pool)
    .await?)
}

/// Approved reactions of one article.
pub async fn approved_in(pool: &Pool, slug: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM reactions WHERE article_slug = $1 AND status = 'approved'"#,
        slug
    )
    .fetch_one(pool)
    .await?)
}

/// Whether a reaction's thread is among the first `n` public threads of its
/// article: a bounded count, cheap however long the discussion is.
pub async fn thread_among_first(pool: &Pool, id: i64, n: i64) -> Result<bool> {
    let before = sqlx::query_scalar!(
        r#"WITH root AS (
               SELECT t.id, t.pinned, t.article_slug FROM reactions t
               WHERE t.id = (SELECT COALESCE(r.root_id, r.id) FROM reactions r WHERE r.id = $1)
           )
           SELECT COUNT(*) AS "n!: i64" FROM (
               SELECT 1 FROM reactions o, root
               WHERE o.article_slug = root.article_slug AND o.parent_id IS NULL
                 AND o.status IN ('approved', 'deleted')
                 AND (o.pinned > root.pinned OR (o.pinned = root.pinned AND o.id < root.id))
               LIMIT $2
           ) AS first"#,
        id,
        n
    )
    .fetch_one(pool)
    .await?;
    Ok(before < n)
}

/// The 0-based position of a reaction's thread among its article's public
/// threads, for linking to the page that shows it.
pub async fn thread_position(pool: &Pool, id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"WITH me AS (
               SELECT r.article_slug AS slug, COALESCE(r.root_id, r.id) AS root FROM reactions r WHERE r.id = $1
           ), root AS (
               SELECT t.id, t.pinned, t.article_slug FROM reactions t JOIN me ON t.id = me.root
           )
           SELECT COUNT(*) AS "n!: i64" FROM reactions o, root
           WHERE o.article_slug = root.article_slug AND o.parent_id IS NULL
             AND o.status IN ('approved', 'deleted')
             AND (o.pinned > root.pinned OR (o.pinned = root.pinned AND o.id < root.id))"#,
        id
    )
    .fetch_one(pool)
    .await?)
}

/// The 0-based position of a reaction's thread among its article's public
/// threads in `order` (`oudste`, `nieuwste` or `gewaardeerd`, as the page sorts
/// them: pinned first, ties oldest first), for linking to the page that shows
/// it to a reader who reads in that order.
pub async fn thread_position_in(pool: &Pool, id: i64, order: &str, now: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"WITH liked(reaction_id, n) AS (
               SELECT a.reaction_id, COUNT(*) FROM appreciations a JOIN users u ON u.id = a.user_id
               WHERE $2 = 'gewaardeerd' AND u.shadowbanned = 0
                 AND NOT (u.banned_at IS NOT NULL AND (u.banned_until IS NULL OR u.banned_until > $3))
               GROUP BY a.reaction_id
           ), root AS (
               SELECT t.id, t.pinned, t.article_slug,
                      COALESCE((SELECT n FROM liked WHERE reaction_id = t.id), 0) AS liked
               FROM reactions t
               WHERE t.id = (SELECT COALESCE(r.root_id, r.id) FROM reactions r WHERE r.id = $1)
           )
           SELECT COUNT(*) AS "n!: i64" FROM root, reactions o
           LEFT JOIN liked l ON l.reaction_id = o.id
           WHERE o.article_slug = root.article_slug AND o.parent_id IS NULL AND o.id <> root.id
             AND o.status IN ('approved', 'deleted')
             AND (o.pinned > root.pinned OR (o.pinned = root.pinned AND CASE $2
                    WHEN 'nieuwste' THEN o.id > root.id
                    WHEN 'gewaardeerd' THEN COALESCE(l.n, 0) > root.liked
                                            OR (COALESCE(l.n, 0) = root.liked AND o.id < root.id)
                    ELSE o.id < root.id END))"#,
        id,
        order,
        now
    )
    .fetch_one(pool)
    .await?)
}

/// Approved reactions per article slug.
pub async fn counts(pool: &Pool) -> Result<HashMap<String, i64>> {
    let rows = sqlx::query!(
        r#"SELECT article_slug, COUNT(*) AS "count!: i64"
           FROM reactions WHERE status = 'approved' GROUP BY article_slug"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.article_slug, r.count))
        .collect())
}
