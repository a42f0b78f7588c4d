//! The `stances` table: a reader's JA or NEE on one reason of an article, one per
//! reader per reason (the primary key), and every change kept for the author's
//! view over time. Writes go through the group-commit writer
//! (`comments::writer`), like reactions.

use crate::sql::Conn;

use crate::error::Result;

/// Agree or disagree; stored as `ja` or `nee`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Choice {
    Ja,
    Nee,
}

impl Choice {
    /// As stored and as sent by the form.
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Ja => "ja",
            Self::Nee => "nee",
        }
    }

    /// From the stored or sent value.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "ja" => Some(Self::Ja),
            "nee" => Some(Self::Nee),
            _ => None,
        }
    }

    /// As shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ja => crate::i18n::t().reading.yes,
            Self::Nee => crate::i18n::t().reading.no,
        }
    }
}

/// A reader choosing, changing or taking back a stance.
#[derive(Debug, Clone)]
pub struct StanceChange {
    pub slug: String,
    pub reason: i64,
    pub user_id: i64,
    /// `None` takes the stance back.
    pub choice: Option<Choice>,
    pub at: i64,
}

/// What `apply` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The stance is now as asked (it was already, or it changed).
    Done,
    /// The reader was banned before the change could be stored; nothing stored.
    Banned,
}

/// Applies one change inside the writer's transaction. The ban is read in the
/// same transaction, so a ban that landed after the request was checked still
/// stops it.
pub async fn apply(conn: &mut Conn, c: &StanceChange) -> Result<Applied> {
    let banned = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND banned_at IS NOT NULL
                          AND (banned_until IS NULL OR banned_until > $2)) AS "banned!: bool""#,
        c.user_id,
        c.at
    )
    .fetch_one(&mut *conn)
    .await?;
    if banned {
        return Ok(Applied::Banned);
    }
    match c.choice {
        Some(choice) => {
            let stance = choice.as_db();
            sqlx::query!(
                r#"INSERT INTO stances (article_slug, reason, user_id, stance, updated_at)
                   VALUES ($1, $2, $3, $4, $5)
                   ON CONFLICT (article_slug, reason, user_id)
                   DO UPDATE SET stance = excluded.stance, updated_at = excluded.updated_at
                   WHERE stances.stance <> excluded.stance"#,
                c.slug,
                c.reason,
                c.user_id,
                stance,
                c.at
            )
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query!(
                "DELETE FROM stances WHERE article_slug = $1 AND reason = $2 AND user_id = $3",
                c.slug,
                c.reason,
                c.user_id
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    // Every acknowledged choice is logged (a repeated one too), so the history
    // replays to the current tallies and the benchmark can count every one.
    let stance = c.choice.map(Choice::as_db);
    sqlx::query!(
        r#"INSERT INTO stance_changes (article_slug, reason, user_id, stance, created_at)
           VALUES ($1, $2, $3, $4, $5)"#,
        c.slug,
        c.reason,
        c.user_id,
        stance,
        c.at
    )
    .execute(&mut *conn)
    .await?;
    Ok(Applied::Done)
}
