//! A reader's e-mail data in their download: the address (confirmed or
//! waiting), what they chose to get by mail, and the mails sent to them
//! (kind, when, what became of them; never a link's token).

use crate::sql::Pool;
use serde::Serialize;

use crate::error::Result;

fn iso(seconds: i64) -> String {
    crate::dates::iso(crate::dates::from_unix(seconds))
}

/// The e-mail part of the export.
#[derive(Debug, Serialize)]
pub struct ExportMail {
    pub adres: Option<String>,
    pub bevestigd: Option<String>,
    pub wacht_op_bevestiging: Vec<String>,
    pub mail_bij_antwoorden: bool,
    /// The author's alerts: each, hourly or off.
    pub meldingen_wachtrij: Option<String>,
    pub mails: Vec<ExportSentMail>,
}

/// One mail to the reader.
#[derive(Debug, Serialize)]
pub struct ExportSentMail {
    pub soort: String,
    pub adres: String,
    pub aangemaakt: String,
    pub status: String,
    pub verstuurd: Option<String>,
}

/// The reader's e-mail data (empty when they never gave an address).
pub async fn mail(pool: &Pool, user_id: i64, is_author: bool) -> Result<ExportMail> {
    let row = sqlx::query!(
        "SELECT address, verified_at, replies, alerts FROM mail_addresses WHERE user_id = $1",
        user_id
    )
    .fetch_optional(pool)
    .await?;
    let waiting = sqlx::query_scalar!(
        r#"SELECT address AS "address!" FROM mail_tokens
           WHERE user_id = $1 AND purpose = 'confirm' AND used_at IS NULL AND address IS NOT NULL
           ORDER BY created_at"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    let mails = sqlx::query!(
        "SELECT kind, address, created_at, status, sent_at FROM mail_outbox
         WHERE user_id = $1 ORDER BY id",
        user_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|m| ExportSentMail {
        soort: m.kind,
        adres: m.address,
        aangemaakt: iso(m.created_at),
        status: m.status,
        verstuurd: m.sent_at.map(iso),
    })
    .collect();
    Ok(match row {
        Some(r) => ExportMail {
            adres: r.address,
            bevestigd: r.verified_at.map(iso),
            wacht_op_bevestiging: waiting,
            mail_bij_antwoorden: r.replies == 1,
            meldingen_wachtrij: is_author.then_some(r.alerts),
            mails,
        },
        None => ExportMail {
            adres: None,
            bevestigd: None,
            wacht_op_bevestiging: waiting,
            mail_bij_antwoorden: false,
            meldingen_wachtrij: None,
            mails,
        },
    })
}
