//! Rendering a reaction where it cannot hold up other requests: on the
//! dedicated rendering threads (`AppState::rendering`), never on the async
//! threads, with a deadline. Only a checked `ReactionBody` (at most 5,000
//! characters) gets here, so the work per render is bounded too.

use std::time::Duration;

use super::markdown;
use super::model::ReactionBody;
use crate::error::{AppError, Result};
use crate::workers::Workers;

/// A render that takes longer than this is abandoned and answered as busy.
/// With the length limit and `MAX_NESTING` a reaction renders in milliseconds.
const RENDER_DEADLINE: Duration = Duration::from_secs(2);

/// Renders a checked reaction on the rendering workers (never on the async
/// threads), within `RENDER_DEADLINE`; `AppError::Busy` when the workers are
/// full or it takes too long.
pub async fn render_reaction(workers: &Workers, body: &ReactionBody) -> Result<String> {
    let source = body.as_str().to_owned();
    match tokio::time::timeout(
        RENDER_DEADLINE,
        workers.run(move || markdown::render(&source)),
    )
    .await
    {
        Ok(rendered) => rendered,
        Err(_) => {
            tracing::warn!("{}", crate::i18n::logs().log.markdown_too_slow);
            Err(AppError::Busy)
        }
    }
}
