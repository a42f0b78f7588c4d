//! The preview ("Voorbeeld"): a reaction's text rendered as it would appear.
//! It gets the same length limit and the same bounded rendering threads as a
//! posted reaction, and a rate limit per client, since anyone may ask for one.

use super::model::ReactionBody;
use super::rendering;
use crate::error::{FormRefusal, Result};
use crate::state::AppState;

/// What a preview request gets.
#[derive(Debug)]
pub enum Preview {
    /// The sanitised HTML, as the reaction would show.
    Rendered(String),
    /// Too long or empty (422), too many previews (429), or a busy server (503).
    Refused(FormRefusal),
}

/// Renders `raw` for the preview, after the rate limit and the length check.
pub async fn preview(state: &AppState, client_key: &str, raw: &str) -> Result<Preview> {
    if let Err(e) = state.limits.check_preview(client_key) {
        return Ok(Preview::Refused(e.into_form_refusal()?));
    }
    let body = match ReactionBody::parse(raw) {
        Ok(body) => body,
        Err(message) => return Ok(Preview::Refused(FormRefusal::invalid(message))),
    };
    match rendering::render_reaction(&state.rendering, &body).await {
        Ok(html) => Ok(Preview::Rendered(html)),
        Err(e) => Ok(Preview::Refused(e.into_form_refusal()?)),
    }
}
