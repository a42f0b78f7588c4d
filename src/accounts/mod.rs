//! Accounts: registration, login and logout, server-side sessions, and the
//! extractors that tell handlers who is asking.
//!
//! The public API other domains use:
//! - `model`: `CurrentUser`, `Role`, `Ban`, `Session`, `Draft`;
//! - `extract`: `CurrentUser`/`Session`/`Author` extractors, `MaybeUser`, `MaybeSession`;
//! - `users`: every statement on the `users` table (a reader's standing included);
//! - `sessions`: every statement on the `sessions` table (drafts included);
//! - `username`: the name rules and look-alike check; `password`: strength and hashing;
//! - `handlers::join_page`: the log-in-or-register page for a reader with a draft;
//! - `account::render`/`account::refuse`: the account page, for refusals drawn on it;
//! - `reauth::check_current_password`: the current password asked again, throttled.

pub mod account;
pub mod admin;
pub mod auth;
pub mod cookie;
pub mod email;
pub mod extract;
pub mod handlers;
pub mod model;
pub mod password;
pub mod reauth;
pub mod reset;
pub mod sessions;
pub mod shown_name;
pub mod throttle;
pub mod username;
pub mod users;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// Routes for logging in, registering and logging out, and the account page.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inloggen", get(handlers::login_form).post(handlers::login))
        .route(
            "/registreren",
            get(handlers::register_form).post(handlers::register),
        )
        .route("/uitloggen", post(handlers::logout))
        .route("/account", get(account::show_account))
        .route("/account/wachtwoord", post(account::change_password))
        .route("/account/naam", post(shown_name::change_shown_name))
        .route(
            "/account/overal-uitloggen",
            post(account::logout_everywhere),
        )
        .route("/account/e-mail", post(email::add_address))
        .route("/account/e-mail/keuzes", post(email::save_choices))
        .route("/account/e-mail/verwijderen", post(email::remove_address))
        .route(
            "/wachtwoord-vergeten",
            get(reset::forgot_form).post(reset::request_reset),
        )
        .route(
            "/wachtwoord-herstellen",
            get(reset::reset_form).post(reset::reset_password),
        )
}
