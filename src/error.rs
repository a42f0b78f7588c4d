//! One error type for every handler; each variant knows its status and its page,
//! in the request's language (`i18n`).

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::layout::Layout;

/// Seconds a client is asked to wait after `AppError::Busy`.
pub const BUSY_RETRY_SECS: u64 = 2;
/// Shorthand used by handlers and queries.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Everything that can go wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("niet gevonden")]
    NotFound,
    /// Not logged in on a page that needs it; carries the path to come back to.
    #[error("niet ingelogd")]
    Unauthorized { back_to: String },
    #[error("geen toegang: {0}")]
    Forbidden(String),
    #[error("ongeldig verzoek: {0}")]
    BadRequest(String),
    #[error("methode niet toegestaan")]
    MethodNotAllowed,
    #[error("verzoek te groot")]
    PayloadTooLarge,
    #[error("verzoek van een andere site")]
    CrossSite,
    #[error("te veel verzoeken")]
    TooMany { retry_after: u64, message: String },
    /// The database takes no writes now (locked, full, read-only, closed).
    #[error("database neemt geen wijzigingen aan")]
    Unavailable,
    /// Every worker for heavy work (hashing, rendering) is busy and its queue full.
    #[error("te druk")]
    Busy,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Template(#[from] askama::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: &'a Layout,
    title: &'a str,
    message: &'a str,
}

impl AppError {
    /// The status and the Dutch sentence for a form that is shown again with
    /// this refusal (a server error is logged here, as `into_response` would).
    pub fn for_form(&self) -> (StatusCode, String) {
        let (status, _, message) = self.status_and_text();
        if status.is_server_error() {
            tracing::error!(error = %self, "{}", crate::i18n::logs().log.request_failed);
            return (status, crate::i18n::t().frame.form_internal.into());
        }
        (status, message)
    }

    fn status_and_text(&self) -> (StatusCode, &'static str, String) {
        let t = crate::i18n::t().frame;
        match self {
            Self::NotFound => (StatusCode::NOT_FOUND, t.not_found_title, t.not_found.into()),
            Self::Unauthorized { .. } => (
                StatusCode::UNAUTHORIZED,
                t.login_needed_title,
                t.login_needed.into(),
            ),
            Self::Forbidden(message) => (StatusCode::FORBIDDEN, t.forbidden_title, message.clone()),
            Self::BadRequest(message) => (
                StatusCode::BAD_REQUEST,
                t.bad_request_title,
                message.clone(),
            ),
            Self::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                t.method_title,
                t.method.into(),
            ),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                t.too_large_title,
                t.too_large.into(),
            ),
            Self::CrossSite => (
                StatusCode::FORBIDDEN,
                t.cross_site_title,
                t.cross_site.into(),
            ),
            Self::TooMany { message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                t.too_many_title,
                message.clone(),
            ),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                t.unavailable_title,
                t.unavailable.into(),
            ),
            Self::Busy => (StatusCode::SERVICE_UNAVAILABLE, t.busy_title, t.busy.into()),
            Self::Database(_) | Self::Template(_) | Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                t.internal_title,
                t.internal.into(),
            ),
        }
    }
}

impl AppError {
    /// Seconds to wait before trying again, for a refusal that passes.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::TooMany { retry_after, .. } => Some(*retry_after),
            Self::Busy => Some(BUSY_RETRY_SECS),
            _ => None,
        }
    }

    /// A refusal that can be drawn inside the form the visitor sent (their text
    /// kept): a rate limit or a busy server. Any other error comes back as is.
    pub fn into_form_refusal(self) -> std::result::Result<FormRefusal, Self> {
        let retry_after = self.retry_after();
        match self {
            Self::TooMany { message, .. } => Ok(FormRefusal {
                status: StatusCode::TOO_MANY_REQUESTS,
                message,
                retry_after,
            }),
            Self::Busy => Ok(FormRefusal::busy()),
            other => Err(other),
        }
    }
}

/// A refusal shown inside a form, with the visitor's text kept: its status, the
/// Dutch message for the form, and when to try again.
#[derive(Debug, Clone)]
pub struct FormRefusal {
    pub status: StatusCode,
    pub message: String,
    pub retry_after: Option<u64>,
}

impl FormRefusal {
    /// Input the form cannot take (422).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: message.into(),
            retry_after: None,
        }
    }

    /// The server is too busy (503, Retry-After).
    pub fn busy() -> Self {
        Self {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: crate::i18n::t().frame.busy.into(),
            retry_after: Some(BUSY_RETRY_SECS),
        }
    }

    /// Gives `response` this refusal's status and Retry-After.
    pub fn apply(&self, mut response: Response) -> Response {
        *response.status_mut() = self.status;
        if let Some(seconds) = self.retry_after {
            set_retry_after(&mut response, seconds);
        }
        response
    }
}

fn set_retry_after(response: &mut Response, seconds: u64) {
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Unauthorized { back_to } = &self {
            return Redirect::to(&crate::http::redirect::login_path(back_to)).into_response();
        }
        let (status, title, message) = self.status_and_text();
        if status.is_server_error() {
            // Logged once here, inside the request's span; the page shows no internals.
            tracing::error!(error = %self, "{}", crate::i18n::logs().log.request_failed);
        }
        let mut response = render_error_page(status, title, &message, &Layout::anonymous());
        self.set_retry_after(&mut response);
        // Lets the error-page layer redraw the page with the visitor's header.
        response
            .extensions_mut()
            .insert(ErrorText { title, message });
        response
    }
}

impl AppError {
    /// Adds `Retry-After` to a response refusing with this error, when it has one.
    pub fn set_retry_after(&self, response: &mut Response) {
        if let Some(seconds) = self.retry_after()
            && let Ok(value) = header::HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
}

/// The text of an error page, kept on the response so the page can be drawn
/// again with the visitor's header.
#[derive(Clone, Debug)]
pub struct ErrorText {
    pub title: &'static str,
    pub message: String,
}

/// The one place error pages are drawn.
pub fn render_error_page(
    status: StatusCode,
    title: &str,
    message: &str,
    layout: &Layout,
) -> Response {
    let page = ErrorPage {
        layout,
        title,
        message,
    };
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message.to_owned(),
        )
            .into_response(),
    }
}
