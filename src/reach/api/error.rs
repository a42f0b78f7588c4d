//! Errors of the JSON API: `{"error": "…"}` in the request's language (see
//! `language::scope`) with a 4xx status, or a
//! 500 that says nothing internal (and is logged once, like `AppError`).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::i18n::t;

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in the site's language.
    #[schema(example = "Dit artikel bestaat niet.")]
    pub error: String,
}

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    /// 400 with a message saying what to change.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404 with a message saying what was not found.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound => Self::not_found(t().api.not_found),
            other => {
                tracing::error!(error = %other, "{}", crate::i18n::logs().log.api_request_failed);
                Self {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message: t().api.internal.into(),
                }
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response()
    }
}

/// Any path under `/api/v1` that does not exist.
pub(crate) async fn unknown_path() -> ApiError {
    ApiError::not_found(t().api.unknown_path)
}

/// A method other than GET (or HEAD) on an API path.
pub(crate) async fn method_not_allowed() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(ErrorBody {
            error: t().api.read_only.into(),
        }),
    )
        .into_response()
}
