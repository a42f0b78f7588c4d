//! The e-mail section of the account page: adding or changing an address (a
//! confirmation link goes to it; it is used only once confirmed), choosing what
//! is mailed, and removing it. Only when the server has mail settings.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::account;
use super::model::Session;
use crate::error::{AppError, FormRefusal, Result};
use crate::http::form::AppForm;
use crate::mail::addresses::{self, Alerts};
use crate::mail::outbox::{self, Kind};
use crate::mail::tokens::{self, Purpose};
use crate::state::AppState;

/// Confirmation mails one account may ask for per day: the form cannot be
/// used to send mail to strangers' addresses in bulk.
const CONFIRMS_PER_DAY: i64 = 5;

/// The address form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AddressForm {
    adres: String,
}

fn mail_on(state: &AppState) -> Result<()> {
    match state.mail {
        Some(_) => Ok(()),
        None => Err(AppError::NotFound),
    }
}

/// POST /account/e-mail: sends a confirmation link to the typed address.
pub(crate) async fn add_address(
    State(state): State<AppState>,
    session: Session,
    AppForm(form): AppForm<AddressForm>,
) -> Result<Response> {
    mail_on(&state)?;
    let user_id = session.user.id;
    let address = match addresses::parse(&form.adres) {
        Ok(address) => address,
        Err(message) => {
            let refusal = FormRefusal::invalid(message);
            return account::refuse_email(&state, &session, &form.adres, &refusal).await;
        }
    };
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let current = addresses::get(&mut tx, user_id, now).await?;
    if current
        .address
        .is_some_and(|a| a.eq_ignore_ascii_case(&address))
    {
        drop(tx);
        let refusal = FormRefusal::invalid(crate::i18n::t().mail.error_same_address);
        return account::refuse_email(&state, &session, &form.adres, &refusal).await;
    }
    let since = now - 24 * 3600;
    let sent = outbox::confirms_since(&mut tx, user_id, since).await?;
    if sent >= CONFIRMS_PER_DAY {
        drop(tx);
        let refusal = FormRefusal {
            status: axum::http::StatusCode::TOO_MANY_REQUESTS,
            message: crate::i18n::t().mail.error_confirms_limit.to_owned(),
            retry_after: Some(3600),
        };
        return account::refuse_email(&state, &session, &form.adres, &refusal).await;
    }
    let token = tokens::issue(&mut tx, user_id, Purpose::Confirm, Some(&address), now).await?;
    outbox::queue_direct(&mut tx, Kind::Confirm, user_id, &address, Some(&token), now).await?;
    tx.commit().await?;
    Ok(Redirect::to("/account?melding=e-mail-verstuurd#e-mail-kop").into_response())
}

/// The choices form: a checkbox sends its value only when ticked.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ChoicesForm {
    antwoorden: String,
    meldingen: String,
}

/// POST /account/e-mail/keuzes: reply mail on or off; for the author, alerts.
pub(crate) async fn save_choices(
    State(state): State<AppState>,
    session: Session,
    AppForm(form): AppForm<ChoicesForm>,
) -> Result<Response> {
    mail_on(&state)?;
    let replies = form.antwoorden == "ja";
    let alerts = if session.user.is_author() {
        Alerts::parse(&form.meldingen).unwrap_or(Alerts::Each)
    } else {
        Alerts::Each
    };
    if !addresses::set_choices(&state.pool, session.user.id, replies, alerts).await? {
        let refusal = FormRefusal {
            status: axum::http::StatusCode::CONFLICT,
            message: crate::i18n::t().mail.error_confirm_first.to_owned(),
            retry_after: None,
        };
        return account::refuse_email(&state, &session, "", &refusal).await;
    }
    Ok(Redirect::to("/account?melding=e-mail-keuzes#e-mail-kop").into_response())
}

/// POST /account/e-mail/verwijderen: forgets the address and any link on its way.
pub(crate) async fn remove_address(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response> {
    mail_on(&state)?;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    addresses::remove(&mut tx, session.user.id).await?;
    tokens::delete_all_of(&mut tx, session.user.id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/account?melding=e-mail-weg").into_response())
}
