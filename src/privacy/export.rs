//! Everything stored about a reader, as the JSON file they can download.

use crate::sql::Executor;
use serde::Serialize;

use crate::comments::model::ReactionStatus;
use crate::error::Result;

/// A reaction in a data export.
#[derive(Debug, serde::Serialize)]
pub struct ExportReaction {
    pub id: i64,
    pub artikel: String,
    pub antwoord_op: Option<i64>,
    /// The article's reason it is about.
    pub over_reden: Option<i64>,
    pub tekst: String,
    /// As the reader knows it; moderation-only facts (a shadowban, spam) are not told.
    #[serde(serialize_with = "as_reader_sees")]
    pub status: ReactionStatus,
    #[serde(serialize_with = "as_iso")]
    pub geplaatst: i64,
    #[serde(serialize_with = "as_iso_opt")]
    pub bewerkt: Option<i64>,
    /// An edit waiting for the author's approval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wijziging_wacht: Option<String>,
}

fn as_reader_sees<S: serde::Serializer>(
    status: &ReactionStatus,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use ReactionStatus as R;
    s.serialize_str(match status {
        R::Approved | R::Shadow => "geplaatst",
        R::Pending => "wacht op goedkeuring",
        R::Rejected | R::Spam => "niet geplaatst",
        R::Hidden => "verborgen door de auteur",
        R::Deleted => "verwijderd",
    })
}

fn as_iso<S: serde::Serializer>(seconds: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&crate::dates::iso(crate::dates::from_unix(*seconds)))
}

fn as_iso_opt<S: serde::Serializer>(
    seconds: &Option<i64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match seconds {
        Some(seconds) => as_iso(seconds, s),
        None => s.serialize_none(),
    }
}

/// All reactions of an account.
pub async fn export_reactions(db: impl Executor<'_>, user_id: i64) -> Result<Vec<ExportReaction>> {
    Ok(sqlx::query_as!(
        ExportReaction,
        r#"SELECT id, article_slug AS artikel, parent_id AS antwoord_op, reason AS over_reden,
                  body_source AS tekst, status AS "status: ReactionStatus",
                  created_at AS geplaatst, edited_at AS bewerkt, pending_body_source AS wijziging_wacht
           FROM reactions WHERE user_id = $1 ORDER BY id"#,
        user_id
    )
    .fetch_all(db)
    .await?)
}

/// A report in a data export.
#[derive(Debug, serde::Serialize)]
pub struct ExportReport {
    pub reactie: i64,
    pub reden: String,
    #[serde(serialize_with = "as_iso")]
    pub gemeld: i64,
}

/// All reports an account made.
pub async fn export_reports(db: impl Executor<'_>, user_id: i64) -> Result<Vec<ExportReport>> {
    Ok(sqlx::query_as!(
        ExportReport,
        r#"SELECT reaction_id AS reactie, reason AS reden, created_at AS gemeld
           FROM reports WHERE user_id = $1 ORDER BY id"#,
        user_id
    )
    .fetch_all(db)
    .await?)
}

/// A session in a data export (never its token).
#[derive(Debug, serde::Serialize)]
pub struct ExportSession {
    #[serde(serialize_with = "as_iso")]
    pub begonnen: i64,
    #[serde(serialize_with = "as_iso")]
    pub verloopt: i64,
}

/// All sessions of an account.
pub async fn export_sessions(db: impl Executor<'_>, user_id: i64) -> Result<Vec<ExportSession>> {
    Ok(sqlx::query_as!(
        ExportSession,
        r#"SELECT created_at AS begonnen, expires_at AS verloopt FROM sessions WHERE user_id = $1 ORDER BY created_at"#,
        user_id
    )
    .fetch_all(db)
    .await?)
}

/// An earlier version of one of the reader's reactions.
#[derive(Debug, Serialize)]
pub struct ExportRevision {
    pub reactie: i64,
    pub tekst: String,
    #[serde(serialize_with = "as_iso")]
    pub vervangen: i64,
}

/// Earlier versions of the reader's reactions (their own edits and the author's).
pub async fn export_revisions(db: impl Executor<'_>, user_id: i64) -> Result<Vec<ExportRevision>> {
    Ok(sqlx::query_as!(
        ExportRevision,
        r#"SELECT v.reaction_id AS reactie, v.body_source AS tekst, v.created_at AS vervangen
           FROM reaction_revisions v JOIN reactions r ON r.id = v.reaction_id
           WHERE r.user_id = $1 ORDER BY v.id"#,
        user_id
    )
    .fetch_all(db)
    .await?)
}

/// A reaction typed before logging in and kept with a session.
#[derive(Debug, Serialize)]
pub struct ExportDraft {
    pub artikel: String,
    pub antwoord_op: Option<i64>,
    pub over_reden: Option<i64>,
    pub tekst: String,
}

/// Drafts kept with the reader's sessions.
pub async fn export_drafts(db: impl Executor<'_>, user_id: i64) -> Result<Vec<ExportDraft>> {
    Ok(sqlx::query_as!(
        ExportDraft,
        r#"SELECT draft_slug AS "artikel!", draft_parent_id AS antwoord_op, draft_reason AS over_reden,
                  draft_body AS "tekst!"
           FROM sessions WHERE user_id = $1 AND draft_body IS NOT NULL ORDER BY created_at"#,
        user_id
    )
    .fetch_all(db)
    .await?)
}

/// The whole export.
#[derive(Debug, Serialize)]
pub struct Export {
    pub account: ExportAccount,
    pub reacties: Vec<ExportReaction>,
    pub eerdere_versies: Vec<ExportRevision>,
    pub meldingen: Vec<ExportReport>,
    pub sessies: Vec<ExportSession>,
    pub concepten: Vec<ExportDraft>,
    /// JA or NEE per reason, and every choice made or taken back.
    pub standpunten: Vec<super::conversation_export::ExportStance>,
    pub gekozen_en_ingetrokken: Vec<super::conversation_export::ExportStanceChange>,
    pub waarderingen: Vec<super::conversation_export::ExportAppreciation>,
    /// What the reader was told on "Voor jou".
    pub voor_jou: Vec<super::conversation_export::ExportNotification>,
    /// The e-mail address, the choices and the mails sent.
    pub e_mail: super::mail_export::ExportMail,
}

/// The account in an export.
#[derive(Debug, Serialize)]
pub struct ExportAccount {
    pub gebruikersnaam: String,
    pub rol: &'static str,
    pub aangemaakt: String,
}
