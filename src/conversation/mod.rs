//! The conversation: readers say JA or NEE to each reason of an article,
//! appreciate reactions, choose the order they read them in, and hear back
//! ("Voor jou", "Mijn reacties", a private feed).
//!
//! The public API other domains use:
//! - `stances`: the `stances` table, written by the group-commit writer;
//! - `notify`: producing notifications inside the transaction that causes them;
//! - `inbox::unread_count`: the number in every reader's header;
//! - `appreciation::for_article` and `order`: what the reactions below an article show;
//! - `tally::load`: the reasons' tallies on the article page (with the count of
//!   reactions about each reason; `about_reason` lists them).

pub mod about_reason;
pub mod appreciation;
pub mod forget;
pub mod handlers;
pub mod inbox;
pub mod notify;
pub mod order;
pub mod over_time;
pub mod pages;
pub mod stances;
pub mod tally;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// Routes for stances, appreciation and notifications.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/{slug}/redenen/{number}",
            get(handlers::to_reason).post(handlers::set_stance),
        )
        .route(
            "/{slug}/redenen/{number}/reacties",
            get(about_reason::show_about_reason),
        )
        .route("/reacties/{id}", get(handlers::to_reaction))
        .route(
            "/reacties/{id}/waarderen",
            get(handlers::to_reaction).post(handlers::appreciate_reaction),
        )
        .route("/voor-jou", get(pages::show_for_you))
        .route("/voor-jou/feed", post(pages::renew_feed))
        .route("/voor-jou/redenen", post(pages::set_reason_notifications))
        .route("/voor-jou/feed/{token}", get(pages::feed))
        .route("/mijn-reacties", get(pages::show_my_reactions))
        .route("/moderatie/redenen", get(over_time::show_over_time))
}
