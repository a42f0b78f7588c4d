//! A reader changing their own reaction: editing within the window, deleting
//! any time.

use super::model::{EDIT_WINDOW_SECS, Reaction, ReactionBody, ReactionStatus};
use super::paging::{Place, reaction_url};
use super::rendering;
use super::store;
use crate::accounts::model::CurrentUser;
use crate::error::{AppError, FormRefusal, Result};
use crate::state::AppState;

/// Loads a reaction the current user may change: their own and not deleted.
pub async fn own_reaction(state: &AppState, user: &CurrentUser, id: i64) -> Result<Reaction> {
    let reaction = store::find(&state.pool, id)
        .await?
        .filter(|r| r.status != ReactionStatus::Deleted)
        .ok_or(AppError::NotFound)?;
    if reaction.user_id != Some(user.id) {
        return Err(AppError::Forbidden(
            "Je kunt alleen je eigen reacties bewerken of verwijderen.".into(),
        ));
    }
    Ok(reaction)
}

/// Refuses an edit after the window.
pub fn check_edit_window(reaction: &Reaction, now: i64) -> Result<()> {
    if now - reaction.created_at > EDIT_WINDOW_SECS {
        return Err(AppError::Forbidden(
            "Een reactie kun je tot 15 minuten na het plaatsen bewerken; die tijd is voorbij. Verwijderen kan nog wel.".into(),
        ));
    }
    Ok(())
}

/// How an edit went.
#[derive(Debug)]
pub enum EditOutcome {
    /// Saved; go here.
    Saved { target: String },
    /// The text is not acceptable (or the server busy); the Dutch message goes
    /// with the form.
    Refused(FormRefusal),
}

/// Replaces the text of the reader's own reaction (within the window), keeping
/// the old text in its history.
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
    let mut tx = crate::db::begin_write(&state.pool).await?;
    store::edit(
        &mut tx,
        &store::Edit {
            id: reaction.id,
            old_source: &reaction.body_source,
            new_source: body.as_str(),
            new_html: &html,
            edited_by: user.id,
            note: None,
            now,
        },
    )
    .await?;
    tx.commit().await?;
    let id = reaction.id;
    let target = reaction_url(
        &state.pool,
        &state.paged,
        &reaction.article_slug,
        id,
        &format!("bewerkt={id}"),
        &format!("reactie-{id}"),
        Place::Anywhere,
    )
    .await?;
    Ok(EditOutcome::Saved { target })
}

/// Deletes the reader's own reaction; returns where to go.
pub async fn delete(state: &AppState, reaction: &Reaction) -> Result<String> {
    store::mark_deleted(&state.pool, reaction.id, state.now_unix()).await?;
    Ok(format!("/{}?verwijderd=1#reacties", reaction.article_slug))
}
