//! The reads behind the feeds, the sitemap and the API that the comments
//! domain does not already offer. Only approved reactions: what every
//! anonymous reader sees in full.

use std::collections::HashMap;

use crate::sql::Pool;

use crate::error::Result;

/// One approved reaction, for a feed.
#[derive(Debug, Clone)]
pub struct PublicReaction {
    pub id: i64,
    pub article_slug: String,
    pub writer: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

/// The newest approved reactions, of one article or (`None`) of the whole site.
pub async fn newest_approved(
    pool: &Pool,
    slug: Option<&str>,
    limit: i64,
) -> Result<Vec<PublicReaction>> {
    let rows = sqlx::query!(
        r#"SELECT r.id AS "id!", r.article_slug, r.body_html, r.created_at, r.edited_at,
                  COALESCE(u.display_name, u.username, r.guest_name, '') AS "writer!: String"
           FROM reactions r LEFT JOIN users u ON u.id = r.user_id
           WHERE r.status = 'approved' AND (CAST($1 AS TEXT) IS NULL OR r.article_slug = $1)
           ORDER BY r.id DESC LIMIT $2"#,
        slug,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PublicReaction {
            id: r.id,
            article_slug: r.article_slug,
            writer: r.writer,
            body_html: r.body_html,
            created_at: r.created_at,
            edited_at: r.edited_at,
        })
        .collect())
}

/// Per article: when its newest approved reaction was written or last edited.
pub async fn last_reaction_at(pool: &Pool) -> Result<HashMap<String, i64>> {
    let rows = sqlx::query!(
        r#"SELECT article_slug AS "article_slug!", MAX(COALESCE(edited_at, created_at)) AS "at!: i64"
           FROM reactions WHERE status = 'approved' GROUP BY article_slug"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.article_slug, r.at)).collect())
}

/// The author account's shown name, if there is an author account.
pub async fn author_name(pool: &Pool) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COALESCE(display_name, username) AS "name!: String" FROM users
           WHERE role = 'author' AND deleted_at IS NULL ORDER BY id LIMIT 1"#
    )
    .fetch_optional(pool)
    .await?)
}
