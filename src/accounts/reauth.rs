//! The current password asked again on the account page (to change the
//! password or delete the account), throttled per account like logins: a
//! stolen session cannot guess it without limit.

use axum::http::HeaderValue;
use secrecy::SecretString;

use super::auth;
use super::model::Session;
use super::users::LoginRow;
use super::{password, sessions, throttle, users};
use crate::error::{FormRefusal, Result};
use crate::state::AppState;

/// How a check of the current password went.
#[derive(Debug)]
pub enum CurrentPassword {
    /// Right: the account's stored hash.
    Correct(String),
    Wrong,
    /// Not checked: too many wrong ones lately (429), or the server is busy (503).
    Refused(FormRefusal),
}

/// Checks `typed` against the account's password. After `--login-failures`
/// wrong ones within 15 minutes, from any client, further tries wait out the
/// window; a right one clears the count.
pub async fn check_current_password(
    state: &AppState,
    user_id: i64,
    typed: SecretString,
) -> Result<CurrentPassword> {
    let key = throttle::password_key(&state.key, user_id);
    let now = state.now_unix();
    let allowed = state.limits.login_failures_allowed();
    // Counted before the check, in one transaction with it (like a login), so
    // guesses sent at once cannot all slip through.
    if let Some(allowed) = allowed
        && let Err(e) = throttle::count_attempt(&state.pool, &key, allowed, now).await
    {
        return Ok(CurrentPassword::Refused(e.into_form_refusal()?));
    }
    let hash = users::password_hash(&state.pool, user_id).await?;
    let ok = match password::verify(&state.hashing, typed, hash.clone()).await {
        Ok(ok) => ok,
        Err(e) => return Ok(CurrentPassword::Refused(e.into_form_refusal()?)),
    };
    match hash.filter(|_| ok) {
        Some(hash) => {
            throttle::clear(&state.pool, &key).await?;
            Ok(CurrentPassword::Correct(hash))
        }
        None => Ok(CurrentPassword::Wrong),
    }
}

/// How a password change went.
#[derive(Debug)]
pub enum PasswordChange {
    /// Changed; every session ended and this cookie starts a fresh one here.
    Changed(Option<HeaderValue>),
    /// Not changed; the Dutch message goes with the form.
    Refused(FormRefusal),
}

/// Changes the password when `current` is right and `new` strong enough; a new
/// password ends every session (this device gets a fresh one).
pub async fn change_password(
    state: &AppState,
    session: &Session,
    current: SecretString,
    new: SecretString,
) -> Result<PasswordChange> {
    let user = &session.user;
    let refused = |refusal| Ok(PasswordChange::Refused(refusal));
    match check_current_password(state, user.id, current).await? {
        CurrentPassword::Correct(_) => {}
        CurrentPassword::Wrong => {
            return refused(FormRefusal::invalid(
                crate::i18n::t().messages.current_password_wrong,
            ));
        }
        CurrentPassword::Refused(refusal) => return refused(refusal),
    }
    if let Err(message) = password::check_strength(&new, &user.username) {
        return refused(FormRefusal::invalid(message));
    }
    let hash = match password::hash(&state.hashing, new).await {
        Ok(hash) => hash,
        Err(e) => return refused(e.into_form_refusal()?),
    };
    let mut tx = crate::db::begin_write(&state.pool).await?;
    users::set_password(&mut *tx, user.id, &hash).await?;
    // Every session, this one included, was tied to the old password.
    sessions::delete_all_of(&mut *tx, user.id).await?;
    tx.commit().await?;
    let account = LoginRow {
        id: user.id,
        password_hash: hash,
    };
    let cookie = auth::start_session(state, None, &account, None).await?;
    Ok(PasswordChange::Changed(cookie))
}
