//! Moderation: the queue of held and reported reactions, actions on reactions
//! and readers, reports by readers, the audit log and the private Atom feed of
//! waiting items. Every page here needs the author role (the `Author` extractor).
//!
//! The public API other domains use:
//! - `notice::notice`: the confirmation for a `?melding=` code;
//! - `store::queue::waiting_count`: the number in the author's header badge;
//! - `store::reports` and `store::audit`: the `reports` and `audit_log` tables.

pub mod actions;
pub mod audit;
pub mod feed;
pub mod mail;
pub mod notice;
pub mod queue;
pub mod reader_actions;
pub mod readers;
pub mod reports;
pub mod settings;
pub mod settings_words;
pub mod site_settings;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// Routes for the author and for readers' reports.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/moderatie", get(queue::show_queue))
        .route("/moderatie/bulk", post(queue::bulk_action))
        .route(
            "/moderatie/reacties/{id}/bewerken",
            get(queue::edit_form).post(queue::edit_reaction),
        )
        .route(
            "/moderatie/reacties/{id}/{action}",
            get(queue::confirm_action).post(queue::act_on_reaction),
        )
        .route("/moderatie/lezers", get(readers::show_readers))
        .route("/moderatie/mail", get(mail::show_mail_failures))
        .route(
            "/moderatie/lezers/{id}/{action}",
            post(readers::act_on_reader),
        )
        .route(
            "/moderatie/instellingen",
            get(settings::show_settings).post(settings::save_settings),
        )
        .route(
            "/moderatie/site",
            get(site_settings::show_site).post(site_settings::save_site),
        )
        .route(
            "/moderatie/artikelen/{slug}",
            post(settings::open_or_close_article),
        )
        .route(
            "/moderatie/feed/vernieuwen",
            post(settings::renew_feed_token),
        )
        .route("/moderatie/logboek", get(audit::show_audit_log))
        .route("/moderatie/feed/{token}", get(feed::waiting_feed))
        .route(
            "/reacties/{id}/melden",
            get(reports::report_form).post(reports::report_reaction),
        )
}
