//! A reader's data: the download of everything stored about them, deleting the
//! account (across every table that holds something of theirs), and the privacy
//! page that says what is kept and why.

pub mod conversation_export;
pub mod erase;
pub mod export;
pub mod handlers;
pub mod mail_export;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// Routes for the reader's data and the privacy page.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/gegevens", get(handlers::export_data))
        .route("/account/verwijderen", post(handlers::delete_account))
        .route("/privacy", get(handlers::show_privacy))
}
