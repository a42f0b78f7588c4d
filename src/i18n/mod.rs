//! The interface in more than one language: Dutch (the original and the
//! default) and English. Every text a visitor reads comes from a typed
//! catalogue (`Texts`, one static per language), so a missing key fails the
//! build; texts with numbers are functions on `Texts`.
//!
//! The language of a request is chosen once, in `language::scope` (a layer): the reader's
//! own choice (the `taal` cookie, set only when they choose), else their
//! browser's `Accept-Language` when the author allows it, else the author's
//! setting. It is kept in a task-local for the request, like the tracing span,
//! so that error pages, form errors and dates deep in a domain function read
//! it without every signature carrying it. Work done outside a request (the
//! CLI, background tasks) reads Dutch unless it sets a scope itself: the CLI
//! and the server's start-up take the locale environment (`locale`), else the
//! site's setting.

mod account;
mod api;
mod audit;
mod audit_sentences;
mod catalogue;
mod choice;
mod frame;
mod lang;
pub mod locale;
mod log;
mod log_sentences;
mod mail;
mod mail_sentences;
mod messages;
mod moderation;
mod personal;
mod reading;
mod script;
pub mod sentences;
mod terminal;
mod terminal_sentences;
pub mod texts;
mod transfer_sentences;

pub use choice::{CHOICE_DAYS, COOKIE, choose, choose_without_cookie, cookie_choice};
pub use lang::Lang;
pub use texts::Texts;

use axum::http::HeaderValue;
use axum::http::header::VARY;
use axum::response::Response;

tokio::task_local! {
    static LANG: Lang;
}

/// The language of the request being answered (Dutch outside a request).
pub fn current() -> Lang {
    LANG.try_with(|l| *l).unwrap_or_default()
}

/// The catalogue of the request being answered.
pub fn t() -> &'static Texts {
    current().texts()
}

/// The language of the server's log lines: the terminal's, chosen once at
/// start-up. Log lines come from background tasks too, where no request's
/// language is in scope.
static LOG_LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Sets the language of the log lines (once; later calls keep the first).
pub fn set_log_lang(lang: Lang) {
    let _ = LOG_LANG.set(lang);
}

/// The catalogue of the log lines (Dutch until start-up chose).
pub fn logs() -> &'static Texts {
    LOG_LANG.get().copied().unwrap_or_default().texts()
}

/// Runs `work` with `lang` as the current language (the request layer, and
/// work outside it: background renders, the CLI).
pub async fn with_lang<F: std::future::Future>(lang: Lang, work: F) -> F::Output {
    LANG.scope(lang, work).await
}

/// Runs `work` (not async) with `lang` as the current language: a live
/// update is rendered in both languages, for pages in either.
pub fn in_lang<R>(lang: Lang, work: impl FnOnce() -> R) -> R {
    LANG.sync_scope(lang, work)
}

/// Adds `Accept-Language` to `Vary` when the answer depended on it.
pub fn vary_on_accept_language(response: &mut Response, accept: bool) {
    if !accept {
        return;
    }
    let headers = response.headers_mut();
    let value = match headers.get(VARY).and_then(|v| v.to_str().ok()) {
        Some(v) if v.contains("Accept-Language") => return,
        Some(v) => format!("{v}, Accept-Language"),
        None => "Accept-Language".to_owned(),
    };
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(VARY, value);
    }
}
