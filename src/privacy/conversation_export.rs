//! A reader's part in the conversation, for their data export: stances on
//! reasons (now and every change), the reactions they appreciated, and their
//! notifications.

use crate::sql::Executor;
use serde::Serialize;

use crate::error::Result;

fn iso(seconds: i64) -> String {
    crate::dates::iso(crate::dates::from_unix(seconds))
}

/// A stance as it stands.
#[derive(Debug, Serialize)]
pub struct ExportStance {
    pub artikel: String,
    pub reden: i64,
    /// "JA" or "NEE".
    pub keuze: String,
    pub gekozen: String,
}

/// One choice made, or taken back (`keuze` empty).
#[derive(Debug, Serialize)]
pub struct ExportStanceChange {
    pub artikel: String,
    pub reden: i64,
    pub keuze: Option<String>,
    pub op: String,
}

/// A reaction the reader appreciated.
#[derive(Debug, Serialize)]
pub struct ExportAppreciation {
    pub reactie: i64,
    pub gewaardeerd: String,
}

/// A notification on "Voor jou".
#[derive(Debug, Serialize)]
pub struct ExportNotification {
    pub soort: &'static str,
    pub reactie: i64,
    pub aangemaakt: String,
    pub gelezen: Option<String>,
}

fn upper(stance: &str) -> String {
    stance.to_uppercase()
}

pub async fn stances(db: impl Executor<'_>, user_id: i64) -> Result<Vec<ExportStance>> {
    let rows = sqlx::query!(
        r#"SELECT article_slug, reason AS "reason!", stance, updated_at FROM stances
           WHERE user_id = $1 ORDER BY article_slug, reason"#,
        user_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ExportStance {
            artikel: r.article_slug,
            reden: r.reason,
            keuze: upper(&r.stance),
            gekozen: iso(r.updated_at),
        })
        .collect())
}

pub async fn stance_changes(
    db: impl Executor<'_>,
    user_id: i64,
) -> Result<Vec<ExportStanceChange>> {
    let rows = sqlx::query!(
        "SELECT article_slug, reason, stance, created_at FROM stance_changes
         WHERE user_id = $1 ORDER BY id",
        user_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ExportStanceChange {
            artikel: r.article_slug,
            reden: r.reason,
            keuze: r.stance.as_deref().map(upper),
            op: iso(r.created_at),
        })
        .collect())
}

pub async fn appreciations(db: impl Executor<'_>, user_id: i64) -> Result<Vec<ExportAppreciation>> {
    let rows = sqlx::query!(
        r#"SELECT reaction_id AS "reaction_id!", created_at FROM appreciations
           WHERE user_id = $1 ORDER BY reaction_id"#,
        user_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ExportAppreciation {
            reactie: r.reaction_id,
            gewaardeerd: iso(r.created_at),
        })
        .collect())
}

pub async fn notifications(db: impl Executor<'_>, user_id: i64) -> Result<Vec<ExportNotification>> {
    let rows = sqlx::query!(
        "SELECT kind, reaction_id, created_at, read_at FROM notifications
         WHERE user_id = $1 ORDER BY id",
        user_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ExportNotification {
            soort: match r.kind.as_str() {
                "reply" => "antwoord op je reactie",
                "approved" => "je reactie is geplaatst",
                "rejected" => "je reactie is niet geplaatst",
                "appreciated" => "je reactie is gewaardeerd",
                "new" => "nieuwe reactie",
                "report" => "melding",
                "reason" => "reactie over een reden van jou",
                _ => "anders",
            },
            reactie: r.reaction_id,
            aangemaakt: iso(r.created_at),
            gelezen: r.read_at.map(iso),
        })
        .collect())
}
