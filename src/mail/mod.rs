//! Optional e-mail: the settings and transport, the durable outbox and its
//! worker, single-use links, readers' confirmed addresses, what mails say, and
//! the pages a mail links to without logging in (confirming an address,
//! unsubscribing). Other domains write to the outbox inside their own
//! transactions (`outbox`); the account pages that manage an address and the
//! password reset live in `accounts`.

pub mod addresses;
pub mod compose;
pub mod handlers;
pub mod message;
pub mod outbox;
pub mod sending;
pub mod settings;
pub mod tokens;
pub mod worker;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

/// The pages a mail links to.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/e-mail/bevestigen",
            get(handlers::confirm_page).post(handlers::confirm_address),
        )
        .route(
            "/e-mail/afmelden/{secret}",
            get(handlers::unsubscribe_page).post(handlers::unsubscribe),
        )
}
