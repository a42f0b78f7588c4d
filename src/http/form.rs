//! `Form` with Dutch rejections: a malformed or oversized form gets a 4xx page
//! in the reader's language instead of axum's plain-text English.

use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// The largest form body we accept; far above a 5,000-character reaction.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// A URL-encoded form, deserialised into `T`.
#[derive(Debug)]
pub struct AppForm<T>(pub T);

impl<T, S> FromRequest<S> for AppForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Self(value)),
            Err(rejection) => Err(map_rejection(&rejection)),
        }
    }
}

fn map_rejection(rejection: &FormRejection) -> AppError {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            AppError::BadRequest(crate::i18n::t().messages.form_format.into())
        }
        _ => AppError::BadRequest(crate::i18n::t().messages.form_broken.into()),
    }
}
