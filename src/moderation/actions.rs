//! The author's actions on reactions (those on readers are in
//! `reader_actions`). Each runs in one transaction with its audit entry, and is
//! idempotent: doing it twice changes nothing the second time, and an action on
//! a reaction that has moved on is answered with a clear message.

use crate::sql::{Conn, Pool};

use super::store::audit::{self, AuditEntry};
use super::store::reports;
use crate::comments::model::{Reaction, ReactionBody, ReactionStatus};
use crate::comments::rendering;
use crate::comments::store;
use crate::conversation::notify;
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
    /// `response`, marked as changing the public page when the action did something.
    pub fn mark(self, response: axum::response::Response) -> axum::response::Response {
        match self {
            Self::Done(_) => crate::article::cache::changed(response),
            Self::AlreadyDone | Self::Stale => response,
        }
    }

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
    /// Approve a waiting edit: its text replaces the published one.
    ApplyEdit,
    /// Reject a waiting edit: the published text stays.
    DiscardEdit,
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
    if target.pending_source.is_some() {
        match action {
            A::Approve => return Ok(Change::ApplyEdit),
            A::Reject => return Ok(Change::DiscardEdit),
            _ => {}
        }
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
        Change::ApplyEdit | Change::DiscardEdit => false,
    };
    if unchanged {
        Err(Outcome::AlreadyDone)
    } else {
        Ok(change)
    }
}

/// What the author saw when a form was drawn, sent back with it as
/// `gezien-<id>`: the reaction's status, with `+gemeld` when it had open
/// reports. Of two actions sent at once from the same page only the first is
/// carried out; the other finds the reaction changed and says so.
pub fn seen(status: ReactionStatus, reported: bool) -> String {
    if reported {
        format!("{}+gemeld", status.as_db())
    } else {
        status.as_db().to_owned()
    }
}

/// Whether the reaction is still as the form saw it.
fn still_as_seen(seen: &str, target: &Reaction, open_reports: bool) -> bool {
    let (status, reported) = match seen.split_once('+') {
        Some((status, _)) => (status, true),
        None => (seen, false),
    };
    status == target.status.as_db() && (open_reports || !reported)
}

/// Applies an action to a reaction; `seen` is what the author's form saw
/// (`None` from a form that does not say).
pub async fn on_reaction(
    pool: &Pool,
    actor: i64,
    id: i64,
    action: ReactionAction,
    seen: Option<&str>,
    reason: Option<&str>,
    now: i64,
) -> Result<Outcome> {
    let mut tx = crate::db::begin_write(pool).await?;
    let target = store::find(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let open_reports = reports::open_report_count(&mut *tx, id).await? > 0;
    let change = match change_for(action, &target, open_reports) {
        Ok(change) => change,
        Err(outcome) => return Ok(outcome),
    };
    if seen.is_some_and(|seen| !seen.is_empty() && !still_as_seen(seen, &target, open_reports)) {
        return Ok(Outcome::Stale);
    }
    if matches!(change, Change::ApplyEdit | Change::DiscardEdit) {
        let outcome = decide_edit(&mut tx, actor, &target, &change, now).await?;
        tx.commit().await?;
        return Ok(outcome);
    }
    match change {
        Change::Pinned(on) => store::set_pinned(&mut *tx, id, on).await?,
        Change::Locked(on) => store::set_locked(&mut *tx, id, on).await?,
        Change::Status(status) => {
            store::set_status(&mut tx, id, status, now).await?;
            reports::resolve_reports(&mut *tx, id, now).await?;
            // Why it was not placed, for its writer; cleared when it is placed after all.
            let reason = reason.filter(|_| status == ReactionStatus::Rejected);
            store::set_rejection_reason(&mut *tx, id, reason).await?;
            // A held reaction's writer hears what the author decided.
            if target.status == ReactionStatus::Pending
                && matches!(status, ReactionStatus::Approved | ReactionStatus::Rejected)
            {
                notify::decided(&mut tx, id, status == ReactionStatus::Approved, now).await?;
            }
        }
        Change::ApplyEdit | Change::DiscardEdit => {}
    }
    let before = (action == ReactionAction::Delete).then_some(target.body_source.as_str());
    let detail = reason
        .filter(|_| action == ReactionAction::Reject)
        .map(|r| format!("reden: {r}"));
    audit::audit(
        &mut *tx,
        &AuditEntry {
            actor_id: Some(actor),
            action: action.audit_name(),
            reaction_id: Some(id),
            user_id: target.user_id,
            before,
            detail: detail.as_deref(),
            ..AuditEntry::default()
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Done(action.audit_name()))
}

/// Approves or rejects a reaction's waiting edit, with its audit entry (the
/// edit's text as `after`, so a rejected one stays on record).
async fn decide_edit(
    conn: &mut Conn,
    actor: i64,
    target: &Reaction,
    change: &Change,
    now: i64,
) -> Result<Outcome> {
    let Some((source, html)) = store::held_edit(&mut *conn, target.id).await? else {
        return Ok(Outcome::Stale);
    };
    let name = if matches!(change, Change::ApplyEdit) {
        let edit = store::Edit {
            id: target.id,
            old_source: &target.body_source,
            new_source: &source,
            new_html: &html,
            edited_by: target.user_id.unwrap_or(actor),
            note: None,
            now,
        };
        store::edit(conn, &edit).await?;
        // Approving says the reaction is fine as it now reads.
        reports::resolve_reports(&mut *conn, target.id, now).await?;
        "bewerking-goedgekeurd"
    } else {
        store::discard_edit(&mut *conn, target.id).await?;
        "bewerking-afgewezen"
    };
    audit::audit(
        &mut *conn,
        &AuditEntry {
            actor_id: Some(actor),
            action: name,
            reaction_id: Some(target.id),
            user_id: target.user_id,
            before: Some(&target.body_source),
            after: Some(&source),
            ..AuditEntry::default()
        },
        now,
    )
    .await?;
    Ok(Outcome::Done(name))
}

/// Edits a reaction's text as the author; the old text goes into its history.
/// `AppError::Busy` when the rendering threads are full.
pub async fn edit(
    pool: &Pool,
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

/// Applies one action to many reactions, each with what its form saw; returns
/// how many changed.
pub async fn bulk(
    pool: &Pool,
    actor: i64,
    items: &[(i64, Option<String>)],
    action: ReactionAction,
    now: i64,
) -> Result<usize> {
    let mut changed = 0;
    for (id, seen) in items {
        match on_reaction(pool, actor, *id, action, seen.as_deref(), None, now).await {
            Ok(Outcome::Done(_)) => changed += 1,
            Ok(_) | Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(changed)
}
