//! "Waardeer": a reader appreciates someone else's reaction, once (the primary
//! key), and can take it back. There is no dislike. Appreciation by banned or
//! shadowbanned readers is kept but not counted, like their stances.

use std::collections::{HashMap, HashSet};

use crate::sql::{Conn, Pool};

use super::notify::{self, Again};
use crate::error::{AppError, Result};

/// What became of an appreciation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appreciated {
    /// The article the reaction is under, to go back to.
    pub slug: String,
}

/// The appreciation counts of one article's reactions, and which of them this
/// viewer appreciated.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub counts: HashMap<i64, i64>,
    pub mine: HashSet<i64>,
}

impl Counts {
    /// How many (counted) readers appreciated this reaction.
    pub fn of(&self, id: i64) -> i64 {
        self.counts.get(&id).copied().unwrap_or(0)
    }
}

/// A reader appreciating (`on`) or no longer appreciating a reaction, waiting
/// for the group-commit writer (see `comments::writer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appreciation {
    pub user_id: i64,
    pub reaction_id: i64,
    pub on: bool,
    pub at: i64,
}

/// Why an appreciation was not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAppreciated {
    /// One's own reaction.
    Own,
    /// The reaction is gone or not public.
    NotPublic,
}

impl From<NotAppreciated> for AppError {
    fn from(why: NotAppreciated) -> Self {
        match why {
            NotAppreciated::Own => {
                AppError::Forbidden(crate::i18n::t().messages.appreciate_own.into())
            }
            NotAppreciated::NotPublic => AppError::NotFound,
        }
    }
}

/// Applies one appreciation inside the writer's transaction. Refused: one's own
/// reaction, a reaction that is not public. Doing it twice is doing it once:
/// the primary key takes the second insert as nothing.
pub async fn apply(
    tx: &mut Conn,
    a: &Appreciation,
) -> Result<std::result::Result<Appreciated, NotAppreciated>> {
    let Appreciation {
        user_id,
        reaction_id,
        on,
        at: now,
    } = *a;
    let Some(target) = sqlx::query!(
        r#"SELECT article_slug, user_id, status AS "status!: String" FROM reactions WHERE id = $1"#,
        reaction_id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Err(NotAppreciated::NotPublic));
    };
    if target.user_id == Some(user_id) {
        return Ok(Err(NotAppreciated::Own));
    }
    if target.status != "approved" {
        return Ok(Err(NotAppreciated::NotPublic));
    }
    if on {
        let added = sqlx::query!(
            "INSERT INTO appreciations (reaction_id, user_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
            reaction_id,
            user_id,
            now
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let counted = sqlx::query_scalar!(
            r#"SELECT shadowbanned = 0 AS "counted!: bool" FROM users WHERE id = $1"#,
            user_id
        )
        .fetch_one(&mut *tx)
        .await?;
        // The writer hears of it; a shadowbanned reader's appreciation stays unseen.
        if added > 0 && counted {
            notify::again(tx, Again::Appreciated, reaction_id, now).await?;
        }
    } else {
        sqlx::query!(
            "DELETE FROM appreciations WHERE reaction_id = $1 AND user_id = $2",
            reaction_id,
            user_id
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(Ok(Appreciated {
        slug: target.article_slug,
    }))
}

/// The counts for every reaction of an article, as `viewer` sees them: a
/// shadowbanned viewer's own appreciation counts for them.
pub async fn for_article(pool: &Pool, slug: &str, viewer: Option<i64>, now: i64) -> Result<Counts> {
    let rows = sqlx::query!(
        r#"SELECT a.reaction_id, COUNT(*) AS "n!: i64" FROM appreciations a
           JOIN reactions r ON r.id = a.reaction_id
           JOIN users u ON u.id = a.user_id
           WHERE r.article_slug = $1
             AND ((u.shadowbanned = 0 AND NOT (u.banned_at IS NOT NULL
                   AND (u.banned_until IS NULL OR u.banned_until > $2)))
                  OR (u.shadowbanned = 1 AND u.id IS NOT DISTINCT FROM $3))
           GROUP BY a.reaction_id"#,
        slug,
        now,
        viewer
    )
    .fetch_all(pool)
    .await?;
    let mine = match viewer {
        Some(viewer) => sqlx::query_scalar!(
            r#"SELECT a.reaction_id AS "reaction_id!" FROM appreciations a JOIN reactions r ON r.id = a.reaction_id
               WHERE r.article_slug = $1 AND a.user_id = $2"#,
            slug,
            viewer
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect(),
        None => HashSet::new(),
    };
    Ok(Counts {
        counts: rows.into_iter().map(|r| (r.reaction_id, r.n)).collect(),
        mine,
    })
}

/// How many counted readers appreciated one reaction.
pub async fn count_of(pool: &Pool, reaction_id: i64, now: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM appreciations a JOIN users u ON u.id = a.user_id
           WHERE a.reaction_id = $1 AND u.shadowbanned = 0
             AND NOT (u.banned_at IS NOT NULL AND (u.banned_until IS NULL OR u.banned_until > $2))"#,
        reaction_id,
        now
    )
    .fetch_one(pool)
    .await?)
}
