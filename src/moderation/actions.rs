//! The author's actions. Each runs in one transaction with its audit entry, and
//! is idempotent: doing it twice changes nothing the second time, and an action
//! on a reaction that has moved on is answered with a clear message.

use sqlx::{SqliteConnection, SqlitePool};

use super::store::audit::{self, AuditEntry};
use super::store::reports;
use crate::accounts::model::Role;
use crate::accounts::users::{self, Standing};
use crate::comments::model::{Reaction, ReactionBody, ReactionStatus};
use crate::comments::rendering;
use crate::comments::store;
use crate::error::{AppError, Result};
use crate::workers::Workers;

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

/// What an action changes on a reaction, or why it changes nothing.
enum Change {
    Status(ReactionStatus),
    Pinned(bool),
    Locked(bool),
}

/// Decides what `action` does to `target`, given whether it has open reports.
fn change_for(
    action: ReactionAction,
    target: &Reaction,
    open_reports: bool,
) -> Result<Change, Outcome> {
    use ReactionAction as A;
    use ReactionStatus as S;
    if target.status == S::Deleted {
        return Err(if action == A::Delete {
            Outcome::AlreadyDone
        } else {
            Outcome::Stale
        });
    }
    let change = match action {
        A::Approve => Change::Status(S::Approved),
        A::Reject => Change::Status(S::Rejected),
        A::Spam => Change::Status(S::Spam),
        A::Delete => Change::Status(S::Deleted),
        A::Hide => Change::Status(S::Hidden),
        A::Pin | A::Unpin => Change::Pinned(action == A::Pin),
        A::Lock | A::Unlock => Change::Locked(action == A::Lock),
    };
    let unchanged = match change {
        Change::Status(status) => status == target.status && !open_reports,
        Change::Pinned(on) => on == target.pinned,
        Change::Locked(on) => on == target.locked,
    };
    if unchanged {
        Err(Outcome::AlreadyDone)
    } else {
        Ok(change)
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
    let mut tx = crate::db::begin_write(pool).await?;
    let target = store::find(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let open_reports = reports::open_report_count(&mut *tx, id).await? > 0;
    let change = match change_for(action, &target, open_reports) {
        Ok(change) => change,
        Err(outcome) => return Ok(outcome),
    };
    match change {
        Change::Pinned(on) => store::set_pinned(&mut *tx, id, on).await?,
        Change::Locked(on) => store::set_locked(&mut *tx, id, on).await?,
        Change::Status(status) => {
            store::set_status(&mut tx, id, status, now).await?;
            reports::resolve_reports(&mut *tx, id, now).await?;
        }
    }
    let before = (action == ReactionAction::Delete).then_some(target.body_source.as_str());
    audit::audit(
        &mut *tx,
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
/// `AppError::Busy` when the rendering threads are full.
pub async fn edit(
    pool: &SqlitePool,
    workers: &Workers,
    actor: i64,
    id: i64,
    body: &ReactionBody,
    note: &str,
    now: i64,
) -> Result<Outcome> {
    // Rendered before the write lock is taken, on the rendering threads.
    let html = rendering::render_reaction(workers, body).await?;
    let body = body.as_str();
    let mut tx = crate::db::begin_write(pool).await?;
    let target = store::find(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    if target.status == ReactionStatus::Deleted {
        return Ok(Outcome::Stale);
    }
    if target.body_source == body {
        return Ok(Outcome::AlreadyDone);
    }
    let note = crate::text::clean_line(note);
    let note = Some(note.trim()).filter(|n| !n.is_empty());
    store::edit(
        &mut tx,
        &store::Edit {
            id,
            old_source: &target.body_source,
            new_source: body,
            new_html: &html,
            edited_by: actor,
            note,
            now,
        },
    )
    .await?;
    audit::audit(
        &mut *tx,
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
            Ok(_) | Err(AppError::NotFound) => {}
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
    let mut tx = crate::db::begin_write(pool).await?;
    let reader = users::standing(&mut *tx, user_id).await?;
    if reader.role == Role::Author {
        return Ok(Outcome::Stale);
    }
    let Some((name, detail)) = apply_to_reader(&mut tx, &reader, &action, now).await? else {
        return Ok(Outcome::AlreadyDone);
    };
    audit::audit(
        &mut *tx,
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

/// Changes the reader's standing; the audit name and detail, or `None` when it
/// was already so.
async fn apply_to_reader(
    conn: &mut SqliteConnection,
    reader: &Standing,
    action: &ReaderAction,
    now: i64,
) -> Result<Option<(&'static str, String)>> {
    let id = reader.id;
    Ok(Some(match action {
        ReaderAction::Ban {
            reason,
            until,
            hide_earlier,
        } => {
            users::ban(&mut *conn, id, reason, *until, now).await?;
            let hidden = if *hide_earlier {
                store::hide_all_of(&mut *conn, id).await?
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
        ReaderAction::Unban if !reader.banned_at(now) => return Ok(None),
        ReaderAction::Unban => {
            users::unban(&mut *conn, id).await?;
            ("gedeblokkeerd", String::new())
        }
        ReaderAction::Shadowban(on) if reader.shadowbanned == *on => return Ok(None),
        ReaderAction::Shadowban(on) => {
            users::set_shadowbanned(&mut *conn, id, *on).await?;
            let name = if *on {
                "schaduwban"
            } else {
                "schaduwban-opgeheven"
            };
            (name, String::new())
        }
        ReaderAction::Trust(on) if reader.trusted == *on => return Ok(None),
        ReaderAction::Trust(on) => {
            users::set_trusted(&mut *conn, id, *on).await?;
            let name = if *on {
                "vertrouwd"
            } else {
                "vertrouwen-ingetrokken"
            };
            (name, String::new())
        }
    }))
}
