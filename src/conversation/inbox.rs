//! Reading a reader's notifications: the unread count in every page's header,
//! the list on "Voor jou" and in the private feed, and marking them read.

use crate::sql::Pool;

use crate::error::Result;

/// The most notifications listed (the newest).
pub const LIST_LIMIT: i64 = 100;
/// Counting stops here; the header then says "99+".
pub const COUNT_CAP: i64 = 100;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Reply,
    Approved,
    Rejected,
    Appreciated,
    New,
    Report,
    /// A reaction about a reason the reader took a stance on (when asked for).
    Reason,
}

impl Kind {
    fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "reply" => Self::Reply,
            "approved" => Self::Approved,
            "rejected" => Self::Rejected,
            "appreciated" => Self::Appreciated,
            "new" => Self::New,
            "report" => Self::Report,
            "reason" => Self::Reason,
            _ => return None,
        })
    }
}

/// One notification with what it needs to be shown.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: i64,
    pub kind: Kind,
    pub reaction_id: i64,
    pub slug: String,
    /// Who wrote the reaction it is about.
    pub writer: String,
    /// The reaction's sanitised HTML (only kept for public reactions).
    pub body_html: String,
    pub rejection_reason: Option<String>,
    /// The article's reason the reaction is about (for `Reason`).
    pub about_reason: Option<i64>,
    /// Counted readers who appreciated the reaction (for `Appreciated`).
    pub appreciations: i64,
    pub created_at: i64,
    pub unread: bool,
}

/// Unread notifications of a reader, up to 100: a count over the reader's
/// entries in the small partial index of unread ones, never a scan.
pub async fn unread_count(pool: &Pool, user_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM (
               SELECT 1 FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT $2) AS capped"#,
        user_id,
        COUNT_CAP
    )
    .fetch_one(pool)
    .await?)
}

/// A reader's newest notifications. What is about someone else's reaction is
/// only listed while that reaction is public, so nothing held, shadowed or
/// taken down reaches anyone through here.
pub async fn list(pool: &Pool, user_id: i64, now: i64) -> Result<Vec<Item>> {
    let rows = sqlx::query!(
        r#"SELECT n.id AS "id!", n.kind, n.reaction_id, n.created_at, n.read_at,
                  r.article_slug, r.status AS "status!: String", r.body_html, r.rejection_reason,
                  r.reason AS about_reason,
                  COALESCE(w.display_name, w.username, r.guest_name, '') AS "writer!: String",
                  (SELECT COUNT(*) FROM appreciations a JOIN users u ON u.id = a.user_id
                   WHERE a.reaction_id = r.id AND u.shadowbanned = 0
                     AND NOT (u.banned_at IS NOT NULL
                              AND (u.banned_until IS NULL OR u.banned_until > $3))) AS "appreciations!: i64"
           FROM notifications n
           JOIN reactions r ON r.id = n.reaction_id
           LEFT JOIN users w ON w.id = r.user_id
           WHERE n.user_id = $1
           ORDER BY n.created_at DESC, n.id DESC
           LIMIT $2"#,
        user_id,
        LIST_LIMIT,
        now
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let kind = Kind::parse(&r.kind)?;
            let public = r.status == "approved";
            let shown = match kind {
                Kind::Reply | Kind::New | Kind::Reason => public,
                Kind::Appreciated => r.appreciations > 0 && r.status != "deleted",
                Kind::Approved | Kind::Rejected | Kind::Report => r.status != "deleted",
            };
            shown.then(|| Item {
                id: r.id,
                kind,
                reaction_id: r.reaction_id,
                slug: r.article_slug,
                writer: r.writer,
                body_html: if public { r.body_html } else { String::new() },
                rejection_reason: r.rejection_reason.filter(|_| kind == Kind::Rejected),
                about_reason: r.about_reason,
                appreciations: r.appreciations,
                created_at: r.created_at,
                unread: r.read_at.is_none(),
            })
        })
        .collect())
}

/// Marks every notification of a reader read.
pub async fn mark_read(pool: &Pool, user_id: i64, now: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
        now,
        user_id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The reader whose private feed has this token.
pub async fn feed_owner(pool: &Pool, token: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM users WHERE feed_token = $1 AND deleted_at IS NULL"#,
        token
    )
    .fetch_optional(pool)
    .await?)
}

/// A reader's feed token, if they made one.
pub async fn feed_token(pool: &Pool, user_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar!("SELECT feed_token FROM users WHERE id = $1", user_id)
            .fetch_optional(pool)
            .await?
            .flatten(),
    )
}

/// Gives a reader a new feed token; the old address stops working.
pub async fn renew_feed_token(pool: &Pool, user_id: i64) -> Result<()> {
    let token = crate::security::random_hex()?;
    sqlx::query!(
        "UPDATE users SET feed_token = $1 WHERE id = $2",
        token,
        user_id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether a reader asked to hear of reactions about the reasons they took a stance on.
pub async fn hears_of_reasons(pool: &Pool, user_id: i64) -> Result<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT notify_reasons = 1 AS "yes!: bool" FROM users WHERE id = $1"#,
        user_id
    )
    .fetch_optional(pool)
    .await?
    .unwrap_or(false))
}

/// Turns the notifications about reasons on or off for a reader.
pub async fn set_hears_of_reasons(pool: &Pool, user_id: i64, on: bool) -> Result<()> {
    sqlx::query!(
        "UPDATE users SET notify_reasons = $1 WHERE id = $2",
        i64::from(on),
        user_id
    )
    .execute(pool)
    .await?;
    Ok(())
}
