//! One error type for every handler; each variant knows its status and its Dutch page.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::layout::Layout;

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
            tracing::error!(error = %self, "request failed");
            return (
                status,
                "Je reactie kon door een fout aan onze kant niet worden opgeslagen. Je tekst staat hieronder; probeer het straks nog eens.".into(),
            );
        }
        (status, message)
    }

    /// Seconds to wait, for a `Retry-After` header.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::TooMany { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    fn status_and_text(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "Pagina niet gevonden",
                "Deze pagina bestaat niet (meer). Misschien is de link verkeerd overgenomen."
                    .into(),
            ),
            Self::Unauthorized { .. } => (
                StatusCode::UNAUTHORIZED,
                "Inloggen nodig",
                "Log in om verder te gaan.".into(),
            ),
            Self::Forbidden(message) => (StatusCode::FORBIDDEN, "Dat mag niet", message.clone()),
            Self::BadRequest(message) => (
                StatusCode::BAD_REQUEST,
                "Dat ging niet goed",
                message.clone(),
            ),
            Self::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "Dat kan hier niet",
                "Deze pagina kan zo niet worden gebruikt. Ga terug en gebruik de knoppen op de site.".into(),
            ),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Te veel tekst",
                "Wat je stuurde is te groot. Een reactie mag hoogstens 5.000 tekens lang zijn."
                    .into(),
            ),
            Self::CrossSite => (
                StatusCode::FORBIDDEN,
                "Verzoek geweigerd",
                "Dit formulier kwam niet van deze site en is daarom niet verwerkt.".into(),
            ),
            Self::TooMany { message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Even rustig aan",
                message.clone(),
            ),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Even niet beschikbaar",
                "De server kan nu niet in de database schrijven. Probeer het straks nog eens.".into(),
            ),
            Self::Database(_) | Self::Template(_) | Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Er ging iets mis",
                "Er ging aan onze kant iets mis. Probeer het later nog eens.".into(),
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Unauthorized { back_to } = &self {
            return Redirect::to(&crate::http::redirect::login_path(back_to)).into_response();
        }
        let (status, title, message) = self.status_and_text();
        if status.is_server_error() {
            // Logged once here, inside the request's span; the page shows no internals.
            tracing::error!(error = %self, "request failed");
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
