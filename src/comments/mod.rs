//! Reactions: posting, replying, editing and deleting, the Markdown subset, and
//! the threaded list shown below an article.
//!
//! The public API other domains use:
//! - `model`: `ReactionStatus`, `ReactionBody`, `Reaction` and the limits;
//! - `store`: every statement that writes `reactions` and `reaction_revisions`;
//! - `threads`: reading pages of threads; `section`: the threads as a viewer sees them;
//! - `paging`: the link to the page that shows a reaction;
//! - `rendering::render_reaction`: a reader's Markdown to sanitised HTML
//!   (`markdown::render`), on the bounded rendering threads;
//! - `writer::Writer`: the group-commit task new reactions go through.

pub mod compose;
pub mod edit;
pub mod handlers;
pub mod markdown;
pub mod model;
pub mod paging;
pub mod post;
pub mod preview;
pub mod rendering;
pub mod section;
pub mod section_view;
pub mod store;
pub mod threads;
pub mod tree;
pub mod writer;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// Routes for writing reactions.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/{slug}/reacties",
            get(handlers::to_reactions).post(handlers::create_reaction),
        )
        .route("/voorbeeld", post(handlers::preview_reaction))
        .route(
            "/reacties/{id}/bewerken",
            get(handlers::edit_form).post(handlers::update_reaction),
        )
        .route(
            "/reacties/{id}/verwijderen",
            get(handlers::delete_form).post(handlers::delete_reaction),
        )
}
