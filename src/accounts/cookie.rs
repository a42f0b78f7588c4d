//! Server-side sessions: an opaque random cookie, its SHA-256 in SQLite, a 30-day
//! rolling expiry. Readers who never log in get no cookie at all.

use axum::extract::{Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};

use super::model::{Flash, Session};
use super::{sessions, users};
use crate::config::Config;
use crate::security::sha256_hex;
use crate::state::AppState;

/// Name of the session cookie on plain http.
pub const COOKIE_NAME: &str = "reacties_sessie";
/// Name of the session cookie on https: the `__Host-` prefix makes browsers
/// refuse it unless it is Secure, for this exact host and path `/`, so a
/// subdomain or a plain-http page cannot plant or overwrite it.
pub const SECURE_COOKIE_NAME: &str = "__Host-reacties_sessie";

/// A one-time confirmation carried to the next page ("ingelogd", "welkom"), so
/// the page a reader returns to can say so without changing its address.
const FLASH_NAME: &str = "reacties_melding";

/// The confirmation cookie after logging in (`welkom` after registering).
pub fn flash_cookie(config: &Config, code: &str) -> Option<HeaderValue> {
    let cookie = Cookie::build((FLASH_NAME, code.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.is_https())
        .max_age(cookie::time::Duration::seconds(120))
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

fn flash_removal(config: &Config) -> Option<HeaderValue> {
    let cookie = Cookie::build((FLASH_NAME, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.is_https())
        .max_age(cookie::time::Duration::ZERO)
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// The session cookie's name for this site.
pub fn cookie_name(config: &Config) -> &'static str {
    if config.is_https() {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}
/// How long a session lives without being used.
pub const LIFETIME_SECS: i64 = 30 * 24 * 3600;
/// Extend the expiry at most once per this period, not on every request.
const EXTEND_AFTER_SECS: i64 = 24 * 3600;

/// Identifies the password hash a session was created under, without storing it twice.
pub fn password_fingerprint(password_hash: &str) -> String {
    sha256_hex(password_hash)
}

/// A new random token (64 hex characters) and its hash.
pub fn new_token() -> anyhow::Result<(String, String)> {
    let token = crate::security::random_hex()?;
    let hash = sha256_hex(&token);
    Ok((token, hash))
}

fn build(config: &Config, value: &str, max_age: cookie::time::Duration) -> Option<HeaderValue> {
    let cookie = Cookie::build((cookie_name(config), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.is_https())
        .max_age(max_age)
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// The Set-Cookie value that starts (or renews) a session.
pub fn session_cookie(config: &Config, token: &str) -> Option<HeaderValue> {
    build(
        config,
        token,
        cookie::time::Duration::seconds(LIFETIME_SECS),
    )
}

/// The Set-Cookie value that removes the session cookie.
pub fn removal_cookie(config: &Config) -> Option<HeaderValue> {
    build(config, "", cookie::time::Duration::ZERO)
}

fn cookie_token_raw(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

fn cookie_token(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie_token_raw(headers, name)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Middleware: resolves the session cookie to a user, and rolls the expiry forward.
pub async fn load_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // The JSON API (`reach::api`) serves anonymous data only: there no cookie
    // is read, and none is set or removed.
    if request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let Some(token) = cookie_token(request.headers(), cookie_name(&state.config)) else {
        return next.run(request).await;
    };
    let token_hash = sha256_hex(&token);
    let now = state.now_unix();
    let found = match users::by_session(&state.pool, &token_hash, now).await {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    // A session belongs to the password it was made under: a changed password ends it.
    let found = found.filter(|r| password_fingerprint(&r.password_hash) == r.password_fp);
    let Some(row) = found else {
        // Unknown or expired: drop the stale cookie so the browser stops sending
        // it, unless the handler set a new one (logging in with a revoked cookie).
        let mut response = next.run(request).await;
        if !response.headers().contains_key(SET_COOKIE)
            && let Some(removal) = removal_cookie(&state.config)
        {
            response.headers_mut().append(SET_COOKIE, removal);
        }
        return response;
    };
    let renew = row.expires_at - now < LIFETIME_SECS - EXTEND_AFTER_SECS;
    if renew && let Err(e) = sessions::extend(&state.pool, &token_hash, now + LIFETIME_SECS).await {
        return e.into_response();
    }
    let flash = match cookie_token_raw(request.headers(), FLASH_NAME).as_deref() {
        Some("ingelogd") => Some(Flash::LoggedIn),
        Some("welkom") => Some(Flash::Welcome),
        _ => None,
    };
    request.extensions_mut().insert(Session {
        token_hash,
        user: row.user,
        flash,
        order: row
            .reaction_order
            .as_deref()
            .and_then(crate::conversation::order::Order::parse),
        draft_slug: row.draft_slug,
        unread: row.unread,
    });
    let is_page = request.method() == axum::http::Method::GET;
    let mut response = next.run(request).await;
    // A handler that set a cookie itself (login, logout) has the last word.
    let handler_set_cookie = response.headers().contains_key(SET_COOKIE);
    // Shown once, on the first page after logging in.
    if flash.is_some()
        && is_page
        && let Some(removal) = flash_removal(&state.config)
    {
        response.headers_mut().append(SET_COOKIE, removal);
    }
    if renew
        && !handler_set_cookie
        && let Some(cookie) = session_cookie(&state.config, &token)
    {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}
