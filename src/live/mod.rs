//! Live updates over Server-Sent Events: an article page learns of new,
//! edited and removed reactions, tallies and appreciation without reloading,
//! and the author's pages of the waiting count.
//!
//! - `hub`: numbered events, the replay buffer, the fan-out, the per-client cap;
//! - `seen`: what subscribers were last told (held by `state`);
//! - `changes`: what anonymous readers see now, compared with what they saw;
//! - `refresh`: the task that looks after each write and publishes;
//! - `stream`: the two SSE endpoints.
//!
//! Other domains do not call in here: `app` touches the hubs after every
//! request that wrote something, once its transaction committed.

pub mod changes;
pub mod hub;
pub mod refresh;
pub mod seen;
pub mod stream;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

/// The streams.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{slug}/live", get(stream::article_stream))
        .route("/moderatie/live", get(stream::queue_stream))
}
