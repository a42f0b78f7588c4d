//! Server-side sessions: an opaque random cookie, its SHA-256 in SQLite, a 30-day
//! rolling expiry. Readers who never log in get no cookie at all.

use std::fmt::Write as _;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use cookie::{Cookie, SameSite};
use sha2::{Digest, Sha256};

use super::CurrentUser;
use super::queries;
use crate::app::AppState;
use crate::error::{AppError, Result};

/// Name of the session cookie.
pub const COOKIE_NAME: &str = "reacties_sessie";
/// How long a session lives without being used.
pub const LIFETIME_SECS: i64 = 30 * 24 * 3600;
/// Extend the expiry at most once per this period, not on every request.
const EXTEND_AFTER_SECS: i64 = 24 * 3600;

/// The session behind the current request, put in the request's extensions by
/// [`load_session`].
#[derive(Clone, Debug)]
pub struct Session {
    pub token_hash: String,
    pub user: CurrentUser,
}

fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// Identifies the password hash a session was created under, without storing it twice.
pub fn password_fingerprint(password_hash: &str) -> String {
    crate::security::sha256_hex(password_hash)
}

/// A new random token and its hash.
pub fn new_token() -> anyhow::Result<(String, String)> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("getrandom: {e}"))?;
    let token = bytes.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    });
    let hash = hash_token(&token);
    Ok((token, hash))
}

/// The Set-Cookie value that starts (or renews) a session.
pub fn session_cookie(state: &AppState, token: &str) -> Option<HeaderValue> {
    let cookie = Cookie::build((COOKIE_NAME, token.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .max_age(cookie::time::Duration::seconds(LIFETIME_SECS))
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// The Set-Cookie value that removes the session cookie.
pub fn removal_cookie(state: &AppState) -> Option<HeaderValue> {
    let cookie = Cookie::build((COOKIE_NAME, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .max_age(cookie::time::Duration::ZERO)
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(|c| c.ok())
        .find(|c| c.name() == COOKIE_NAME)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Middleware: resolves the session cookie to a user, and rolls the expiry forward.
pub async fn load_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(token) = cookie_token(request.headers()) else {
        return next.run(request).await;
    };
    let token_hash = hash_token(&token);
    let now = state.now_unix();
    let found = match queries::find_session(&state.pool, &token_hash, now).await {
        Ok(found) => found,
        Err(e) => return e_into_response(e),
    };
    let Some(row) = found else {
        // Unknown or expired: drop the stale cookie so the browser stops sending it.
        let mut response = next.run(request).await;
        if let Some(removal) = removal_cookie(&state) {
            response.headers_mut().append(SET_COOKIE, removal);
        }
        return response;
    };
    let renew = row.expires_at - now < LIFETIME_SECS - EXTEND_AFTER_SECS;
    if renew
        && let Err(e) = queries::extend_session(&state.pool, &token_hash, now + LIFETIME_SECS).await
    {
        return e_into_response(e);
    }
    let mut user = row.user;
    if user.is_author() {
        user.waiting = match crate::moderation::queries::waiting_count(&state.pool).await {
            Ok(n) => n,
            Err(e) => return e_into_response(e),
        };
    }
    request
        .extensions_mut()
        .insert(Session { token_hash, user });
    let mut response = next.run(request).await;
    // A handler that set a cookie itself (login, logout) has the last word.
    let handler_set_cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .next()
        .is_some();
    if renew
        && !handler_set_cookie
        && let Some(cookie) = session_cookie(&state, &token)
    {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

fn e_into_response(error: AppError) -> Response {
    axum::response::IntoResponse::into_response(error)
}

/// The logged-in user, or `None`; never rejects.
pub struct MaybeUser(pub Option<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts.extensions.get::<Session>().map(|s| s.user.clone()),
        ))
    }
}

/// The current session, or `None`.
pub struct MaybeSession(pub Option<Session>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSession {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<Session>().cloned()))
    }
}

/// The session itself is required; anonymous requests are sent to the login page.
impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| AppError::Unauthorized {
                back_to: parts.uri.path().to_owned(),
            })
    }
}

/// A logged-in user is required; anonymous requests are sent to the login page.
impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .map(|s| s.user.clone())
            .ok_or_else(|| AppError::Unauthorized {
                back_to: parts.uri.path().to_owned(),
            })
    }
}
