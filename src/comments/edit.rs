//! A reader changing their own reaction: editing within the window, deleting
//! any time.

use super::model::{EDIT_WINDOW_SECS, Reaction, ReactionBody, ReactionStatus};
use super::paging::{Place, reaction_url};
use super::post::{account_writer, blocked};
use super::rendering;
use super::store;
use crate::accounts::model::CurrentUser;
use crate::error::{AppError, FormRefusal, Result};
use crate::moderation::store::audit;
use crate::policy::rules::{self, Decision};
use crate::state::AppState;

/// Loads a reaction the current user may change: their own and not deleted.
pub async fn own_reaction(state: &AppState, user: &CurrentUser, id: i64) -> Result<Reaction> {
    let reaction = store::find(&state.pool, id)
        .await?
        .filter(|r| r.status != ReactionStatus::Deleted)
        .ok_or(AppError::NotFound)?;
    if reaction.user_id != Some(user.id) {
        return Err(AppError::Forbidden(
            crate::i18n::t().messages.edit_own_only.into(),
        ));
    }
    Ok(reaction)
}

/// Refuses an edit after the window, or of a reaction the author took down or
/// turned down (editing must not slip new text past the author).
pub fn check_edit_window(reaction: &Reaction, now: i64) -> Result<()> {
    use ReactionStatus as S;
    if !matches!(reaction.status, S::Approved | S::Pending | S::Shadow) {
        return Err(AppError::Forbidden(
            crate::i18n::t().messages.edit_not_public.into(),
        ));
    }
    if now - reaction.created_at > EDIT_WINDOW_SECS {
        return Err(AppError::Forbidden(
            crate::i18n::t().messages.edit_too_late.into(),
        ));
    }
    Ok(())
}

/// Whole minutes left to edit `reaction` at `now` (rounded up; 0 when over).
pub fn minutes_left(reaction: &Reaction, now: i64) -> i64 {
    let left = EDIT_WINDOW_SECS - (now - reaction.created_at);
    if left <= 0 { 0 } else { (left + 59) / 60 }
}

/// How an edit went.
#[derive(Debug)]
pub enum EditOutcome {
    /// Saved; go here.
    Saved { target: String },
    /// Held by the author's rules: the published text stays until the author
    /// approves the edit; go here (a notice says so).
    Held { target: String },
    /// The text is not acceptable (or the server busy); the Dutch message goes
    /// with the form.
    Refused(FormRefusal),
}

/// What an edit does, by the author's rules.
enum Apply {
    /// Replace the text; a waiting reaction gets the new reason (if any), and a
    /// hidden one stays hidden.
    Text { held_reason: Option<String> },
    /// Replace the text and shadow the reaction (its writer is shadowbanned).
    Shadow,
    /// Keep the published text; the edit waits for the author.
    Wait(String),
}

/// Replaces the text of the reader's own reaction (within the window), keeping
/// the old text in its history. The edit goes through the author's rules like
/// a new reaction: a blocked word refuses it; when a published reaction's edit
/// would be held, the published text stays and the edit waits in the queue.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    reaction: &Reaction,
    raw_body: &str,
) -> Result<EditOutcome> {
    let body = match ReactionBody::parse(raw_body) {
        Ok(body) => body,
        Err(message) => return Ok(EditOutcome::Refused(FormRefusal::invalid(message))),
    };
    let html = match rendering::render_reaction(&state.rendering, &body).await {
        Ok(html) => html,
        Err(e) => return Ok(EditOutcome::Refused(e.into_form_refusal()?)),
    };
    let now = state.now_unix();
    let policy = state.policy.get(&state.pool).await?;
    let writer = account_writer(state, &policy, user, now).await?;
    let published = reaction.status == ReactionStatus::Approved;
    let apply = match rules::decide(&policy.settings, writer, body.as_str(), &html) {
        Decision::Block => {
            return Ok(EditOutcome::Refused(FormRefusal::invalid(blocked())));
        }
        Decision::Hold(reason) if published => Apply::Wait(reason),
        Decision::Hold(reason) => Apply::Text {
            held_reason: Some(reason),
        },
        Decision::Shadow if published => Apply::Shadow,
        Decision::Shadow | Decision::Publish => Apply::Text { held_reason: None },
    };
    let held = matches!(apply, Apply::Wait(_));
    let edit = store::Edit {
        id: reaction.id,
        old_source: &reaction.body_source,
        new_source: body.as_str(),
        new_html: &html,
        edited_by: user.id,
        note: None,
        now,
    };
    save(state, reaction, &edit, apply).await?;
    let id = reaction.id;
    let param = if held {
        format!("melding=bewerking-wacht&bij={id}")
    } else {
        format!("bewerkt={id}")
    };
    let anchor = format!("reactie-{id}");
    let slug = &reaction.article_slug;
    let target = reaction_url(
        &state.pool,
        &state.paged,
        slug,
        id,
        &param,
        &anchor,
        Place::Anywhere,
    )
    .await?;
    Ok(if held {
        EditOutcome::Held { target }
    } else {
        EditOutcome::Saved { target }
    })
}

/// Stores an edit as the rules decided, in one transaction.
async fn save(
    state: &AppState,
    reaction: &Reaction,
    edit: &store::Edit<'_>,
    apply: Apply,
) -> Result<()> {
    let mut tx = crate::db::begin_write(&state.pool).await?;
    // The text this edit replaces is read under the write lock, so two edits at
    // once each keep the version before them in the history.
    let current = store::find(&mut *tx, reaction.id)
        .await?
        .filter(|r| r.status != ReactionStatus::Deleted)
        .ok_or(AppError::NotFound)?;
    let edit = &store::Edit {
        old_source: &current.body_source,
        ..*edit
    };
    match apply {
        Apply::Wait(reason) => {
            let held = store::HeldEdit {
                id: edit.id,
                source: edit.new_source,
                html: edit.new_html,
                reason: &reason,
                now: edit.now,
            };
            store::hold_edit(&mut *tx, &held).await?;
            let alert = crate::mail::outbox::Alert::HeldEdit { at: edit.now };
            crate::mail::outbox::queue_alert(&mut tx, edit.id, alert, edit.now).await?;
        }
        Apply::Text { held_reason } => {
            store::edit(&mut tx, edit).await?;
            if let Some(reason) = held_reason
                && reaction.status == ReactionStatus::Pending
            {
                store::hold(&mut *tx, edit.id, &reason).await?;
            }
        }
        Apply::Shadow => {
            store::edit(&mut tx, edit).await?;
            store::set_status(&mut tx, edit.id, ReactionStatus::Shadow, edit.now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes the reader's own reaction, with its earlier versions and its text in
/// the audit log (the reader's words are theirs to remove); returns where to go.
pub async fn delete(state: &AppState, reaction: &Reaction) -> Result<String> {
    let mut tx = crate::db::begin_write(&state.pool).await?;
    store::mark_deleted(&mut tx, reaction.id, state.now_unix()).await?;
    audit::redact_reaction(&mut *tx, reaction.id).await?;
    tx.commit().await?;
    // Back to the place: the reaction it answered (the notice shows there), or
    // the top of the reactions for a thread's first reaction.
    let slug = &reaction.article_slug;
    Ok(match reaction.parent_id {
        Some(parent) => format!("/{slug}?verwijderd={parent}#reactie-{parent}"),
        None => format!("/{slug}?verwijderd=ja#reacties"),
    })
}
