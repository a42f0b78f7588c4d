//! Logging in and registering: the work behind the two forms, returned as typed
//! outcomes the handlers only have to render.

use axum::http::{HeaderValue, StatusCode};
use secrecy::{ExposeSecret, SecretString};

use super::cookie::{self, LIFETIME_SECS};
use super::model::{Draft, Role, Session};
use super::username::Username;
use super::users::LoginRow;
use super::{password, sessions, throttle, username, users};
use crate::error::{AppError, Result};
use crate::security::FormCheck;
use crate::state::AppState;

/// How a login attempt went.
#[derive(Debug)]
pub enum LoginOutcome {
    LoggedIn(LoginRow),
    /// Unknown name or wrong password: the same answer either way.
    WrongCredentials,
    /// Every hashing slot is taken: nothing checked, try again in a moment.
    Busy,
}

/// Checks a name and password, with the per-client rate limit and the
/// failed-login throttle.
pub async fn log_in(
    state: &AppState,
    client: &str,
    name: &str,
    typed: SecretString,
) -> Result<LoginOutcome> {
    state.limits.check_login(client)?;
    let key = username::key(name);
    let throttle_key = throttle::login_key(&state.key, &key, client);
    let now = state.now_unix();
    let allowed = state.limits.login_failures_allowed();
    if let Some(allowed) = allowed {
        // Counted before the password is checked, in one step with the check, so
        // concurrent guesses cannot all pass it; a success clears the count.
        throttle::count_attempt(&state.pool, &throttle_key, allowed, now).await?;
    }
    let row = if name.trim().is_empty() || typed.expose_secret().chars().count() > password::MAX_LEN
    {
        None
    } else {
        users::login_row(&state.pool, &key).await?
    };
    let stored = row.as_ref().map(|r| r.password_hash.clone());
    let ok = match password::verify(&state.hashing, typed, stored).await {
        Ok(ok) => ok,
        Err(AppError::Busy) => return Ok(LoginOutcome::Busy),
        Err(e) => return Err(e),
    };
    match row.filter(|_| ok) {
        Some(row) => {
            if allowed.is_some() {
                throttle::clear(&state.pool, &throttle_key).await?;
            }
            Ok(LoginOutcome::LoggedIn(row))
        }
        None => Ok(LoginOutcome::WrongCredentials),
    }
}

/// What the registration form holds.
#[derive(Debug)]
pub struct Registration<'a> {
    pub username: &'a str,
    /// The name to show with reactions; empty: the login name.
    pub shown: &'a str,
    pub password: &'a SecretString,
    /// The signed moment the form was shown.
    pub form_token: &'a str,
    /// The honeypot.
    pub website: &'a str,
}

/// How a registration went.
#[derive(Debug)]
pub enum RegisterOutcome {
    Registered(LoginRow),
    /// Refused with this status and Dutch message; nothing stored.
    Refused(StatusCode, &'static str),
    /// The honeypot was filled or the token forged: look like success, store nothing.
    Bot,
    /// Every hashing slot is taken: nothing checked, try again in a moment.
    Busy,
}

/// Creates a reader's account.
pub async fn register(
    state: &AppState,
    client: &str,
    form: &Registration<'_>,
) -> Result<RegisterOutcome> {
    use RegisterOutcome::Refused;
    let now = state.now_unix();
    match state.key.check_form(
        form.form_token,
        form.website,
        now,
        state.config.min_fill_secs,
    ) {
        FormCheck::Ok => {}
        FormCheck::Bot => return Ok(RegisterOutcome::Bot),
        FormCheck::TooFast => {
            return Ok(Refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                crate::i18n::t().messages.register_too_fast,
            ));
        }
    }
    let (name, shown) = match names(state, form).await? {
        Ok(names) => names,
        Err((status, message)) => return Ok(Refused(status, message)),
    };
    if let Err(message) = password::check_strength(form.password, &name.display) {
        return Ok(Refused(StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    state.limits.check_register(client)?;
    let hash = match password::hash(&state.hashing, form.password.clone()).await {
        Ok(hash) => hash,
        Err(AppError::Busy) => return Ok(RegisterOutcome::Busy),
        Err(e) => return Err(e),
    };
    match users::insert(&state.pool, &name, shown.as_ref(), &hash, Role::Reader, now).await? {
        Some(id) => Ok(RegisterOutcome::Registered(LoginRow {
            id,
            password_hash: hash,
        })),
        None => Ok(Refused(
            StatusCode::CONFLICT,
            crate::i18n::t().messages.username_taken,
        )),
    }
}

/// The login name and the shown name (when one was given and differs), each
/// checked against the rules, every account and the reserved words.
async fn names(
    state: &AppState,
    form: &Registration<'_>,
) -> Result<std::result::Result<(Username, Option<Username>), (StatusCode, &'static str)>> {
    let unprocessable = |message| Err((StatusCode::UNPROCESSABLE_ENTITY, message));
    let name = match username::parse(form.username) {
        Ok(name) => name,
        Err(message) => return Ok(unprocessable(message)),
    };
    let shown = match form.shown.trim() {
        "" => None,
        raw => match username::display_name(raw) {
            Ok(shown) if shown.display == name.display => None,
            Ok(shown) => Some(shown),
            Err(message) => return Ok(unprocessable(message)),
        },
    };
    for candidate in std::iter::once(&name).chain(shown.as_ref()) {
        if users::name_taken(&state.pool, candidate).await? {
            return Ok(Err((
                StatusCode::CONFLICT,
                crate::i18n::t().messages.username_taken,
            )));
        }
        let authors = state.articles.all().iter().map(|a| a.author.as_str());
        if username::is_reserved(candidate, authors) {
            return Ok(Err((
                StatusCode::CONFLICT,
                crate::i18n::t().messages.username_reserved,
            )));
        }
    }
    Ok(Ok((name, shown)))
}

/// Creates a fresh session (a new id on every login) tied to the current
/// password, ending `old`; returns the cookie that carries it.
pub async fn start_session(
    state: &AppState,
    old: Option<&Session>,
    account: &LoginRow,
    draft: Option<&Draft>,
) -> Result<Option<HeaderValue>> {
    if let Some(old) = old {
        sessions::delete(&state.pool, &old.token_hash).await?;
    }
    let (token, token_hash) = cookie::new_token()?;
    let now = state.now_unix();
    let new = sessions::NewSession {
        token_hash: &token_hash,
        user_id: account.id,
        password_fp: &cookie::password_fingerprint(&account.password_hash),
        now,
        expires_at: now + LIFETIME_SECS,
        draft,
    };
    sessions::insert(&state.pool, &new).await?;
    Ok(cookie::session_cookie(&state.config, &token))
}
