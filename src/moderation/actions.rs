//! The author's actions. Each runs in one transaction with its audit entry, and
//! is idempotent: doing it twice changes nothing the second time, and an action
//! on a reaction that has moved on is answered with a clear message.

use sqlx::SqlitePool;

use super::queries::{self, AuditEntry};
use crate::comments::markdown;
use crate::error::Result;

/// How an action went, as a message code for the page the author returns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done(&'static str),
    /// Nothing to do: it was already so.
    AlreadyDone,
    /// The reaction changed since the form was shown (e.g. it was deleted).
    Stale,
}

impl Outcome {
    /// The message code used in `?melding=`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Done(code) => code,
            Self::AlreadyDone => "al-gedaan",
            Self::Stale => "verouderd",
        }
    }
}

/// An action on one reaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReactionAction {
    Approve,
    Reject,
    Spam,
    Delete,
    Hide,
    Pin,
    Unpin,
    Lock,
    Unlock,
}

impl ReactionAction {
    /// From the last path segment of the action's URL.
    pub fn from_path(segment: &str) -> Option<Self> {
        Some(match segment {
            "goedkeuren" => Self::Approve,
            "afwijzen" => Self::Reject,
            "spam" => Self::Spam,
            "verwijderen" => Self::Delete,
            "verbergen" => Self::Hide,
            "vastpinnen" => Self::Pin,
            "losmaken" => Self::Unpin,
            "vergrendelen" => Self::Lock,
            "ontgrendelen" => Self::Unlock,
            _ => return None,
        })
    }

    fn audit_name(self) -> &'static str {
        match self {
            Self::Approve => "goedgekeurd",
            Self::Reject => "afgewezen",
            Self::Spam => "spam",
            Self::Delete => "verwijderd",
            Self::Hide => "verborgen",
            Self::Pin => "vastgepind",
            Self::Unpin => "losgemaakt",
            Self::Lock => "vergrendeld",
            Self::Unlock => "ontgrendeld",
        }
    }
}

/// Applies an action to a reaction.
pub async fn on_reaction(
    pool: &SqlitePool,
    actor: i64,
    id: i64,
    action: ReactionAction,
    now: i64,
) -> Result<Outcome> {
    let mut tx = pool.begin().await?;
    let target = queries::target(&mut tx, id).await?;
    let open_reports = queries::open_report_count(&mut tx, id).await? > 0;
    let status = target.status.as_str();
    if status == "deleted" {
        let outcome = if action == ReactionAction::Delete {
            Outcome::AlreadyDone
        } else {
            Outcome::Stale
        };
        return Ok(outcome);
    }
    use ReactionAction as A;
    let new_status = match action {
        A::Approve => "approved",
        A::Reject => "rejected",
        A::Spam => "spam",
        A::Delete => "deleted",
        A::Hide => "hidden",
        A::Pin | A::Unpin | A::Lock | A::Unlock => status,
    };
    let flag_unchanged = match action {
        A::Pin => target.pinned,
        A::Unpin => !target.pinned,
        A::Lock => target.locked,
        A::Unlock => !target.locked,
        _ => new_status == status && !open_reports,
    };
    if flag_unchanged {
        return Ok(Outcome::AlreadyDone);
    }
    match action {
        A::Pin | A::Unpin => queries::set_pinned(&mut tx, id, action == A::Pin).await?,
        A::Lock | A::Unlock => queries::set_locked(&mut tx, id, action == A::Lock).await?,
        _ => {
            queries::set_status(&mut tx, id, new_status, now).await?;
            queries::resolve_reports(&mut tx, id, now).await?;
        }
    }
    let before = (action == A::Delete).then_some(target.body_source.as_str());
    queries::audit(
        &mut tx,
        &AuditEntry {
            actor_id: Some(actor),
            action: action.audit_name(),
            reaction_id: Some(id),
            user_id: target.user_id,
            before,
            ..AuditEntry::default()
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Done(action.audit_name()))
}

/// Edits a reaction's text as the author; the old text goes into its history.
pub async fn edit(
    pool: &SqlitePool,
    actor: i64,
    id: i64,
    body: &str,
    note: &str,
    now: i64,
) -> Result<Outcome> {
    let mut tx = pool.begin().await?;
    let target = queries::target(&mut tx, id).await?;
    if target.status == "deleted" {
        return Ok(Outcome::Stale);
    }
    if target.body_source == body {
        return Ok(Outcome::AlreadyDone);
    }
    let note = crate::text::clean_line(note);
    let note = Some(note.trim()).filter(|n| !n.is_empty());
    queries::save_revision(&mut tx, id, &target.body_source, actor, note, now).await?;
    queries::set_body(&mut tx, id, body, &markdown::render(body), now).await?;
    queries::audit(
        &mut tx,
        &AuditEntry {
            actor_id: Some(actor),
            action: "bewerkt",
            reaction_id: Some(id),
            user_id: target.user_id,
            detail: note,
            before: Some(&target.body_source),
            after: Some(body),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Done("bewerkt"))
}

/// Applies one action to many reactions; returns how many changed.
pub async fn bulk(
    pool: &SqlitePool,
    actor: i64,
    ids: &[i64],
    action: ReactionAction,
    now: i64,
) -> Result<usize> {
    let mut changed = 0;
    for &id in ids {
        match on_reaction(pool, actor, id, action, now).await {
            Ok(Outcome::Done(_)) => changed += 1,
            Ok(_) | Err(crate::error::AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(changed)
}

/// An action on a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReaderAction {
    Ban {
        reason: String,
        until: Option<i64>,
        hide_earlier: bool,
    },
    Unban,
    Shadowban(bool),
    Trust(bool),
}

/// Applies an action to a reader. The author's own account is out of reach.
pub async fn on_reader(
    pool: &SqlitePool,
    actor: i64,
    user_id: i64,
    action: ReaderAction,
    now: i64,
) -> Result<Outcome> {
    let mut tx = pool.begin().await?;
    let reader = queries::standing(&mut tx, user_id).await?;
    if reader.role == "author" {
        return Ok(Outcome::Stale);
    }
    let banned_now =
        reader.banned_at.is_some() && reader.banned_until.is_none_or(|until| until > now);
    let (name, detail) = match &action {
        ReaderAction::Ban {
            reason,
            until,
            hide_earlier,
        } => {
            queries::ban(&mut tx, user_id, reason, *until, now).await?;
            let hidden = if *hide_earlier {
                queries::hide_all_of(&mut tx, user_id).await?
            } else {
                0
            };
            let period = match until {
                Some(until) => format!(
                    "tot {}",
                    crate::dates::exact_time(crate::dates::from_unix(*until))
                ),
                None => "voor onbepaalde tijd".to_string(),
            };
            (
                "geblokkeerd",
                format!("{period}; reden: {reason}; {hidden} reacties verborgen"),
            )
        }
        ReaderAction::Unban => {
            if !banned_now {
                return Ok(Outcome::AlreadyDone);
            }
            queries::unban(&mut tx, user_id).await?;
            ("gedeblokkeerd", String::new())
        }
        ReaderAction::Shadowban(on) => {
            if reader.shadowbanned == *on {
                return Ok(Outcome::AlreadyDone);
            }
            queries::set_shadowbanned(&mut tx, user_id, *on).await?;
            (
                if *on {
                    "schaduwban"
                } else {
                    "schaduwban-opgeheven"
                },
                String::new(),
            )
        }
        ReaderAction::Trust(on) => {
            if reader.trusted == *on {
                return Ok(Outcome::AlreadyDone);
            }
            queries::set_trusted(&mut tx, user_id, *on).await?;
            (
                if *on {
                    "vertrouwd"
                } else {
                    "vertrouwen-ingetrokken"
                },
                String::new(),
            )
        }
    };
    queries::audit(
        &mut tx,
        &AuditEntry {
            actor_id: Some(actor),
            action: name,
            user_id: Some(user_id),
            detail: Some(detail.as_str()).filter(|d| !d.is_empty()),
            ..AuditEntry::default()
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Done(name))
}
