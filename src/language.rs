//! The language of each request: the layer that chooses it (see `i18n`) and
//! the footer's button with which a reader chooses the other one.

use axum::extract::{Request, State};
use axum::http::header::{REFERER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use cookie::{Cookie, SameSite};
use serde::Deserialize;

use crate::http::form::AppForm;
use crate::i18n::{Lang, choose, choose_without_cookie, vary_on_accept_language, with_lang};
use crate::state::AppState;

/// The layer that chooses the request's language and answers inside it. The
/// API reads no cookies (`reach::api`): its language is the browser's, when
/// the author allows that, else the site's.
pub async fn scope(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (site, accept) = match state.policy.get(&state.pool).await {
        Ok(policy) => (policy.site.language, policy.site.accept_language),
        Err(_) => (Lang::Nl, false),
    };
    let lang = if request.uri().path().starts_with(crate::reach::api::PREFIX) {
        choose_without_cookie(request.headers(), site, accept)
    } else {
        choose(request.headers(), site, accept)
    };
    let mut response = with_lang(lang, next.run(request)).await;
    vary_on_accept_language(&mut response, accept);
    response
}

/// The footer's form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SwitchForm {
    taal: String,
    terug: String,
}

/// POST /taal: keeps the reader's choice in a cookie and returns to the page.
pub(crate) async fn switch_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    AppForm(form): AppForm<SwitchForm>,
) -> Response {
    // Pages drawn for one reader do not always know their own address; the
    // browser's Referer (this site's, the CSRF layer saw to that) then does.
    let referred = headers
        .get(REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').and_then(|i| rest.get(i..)))
        .unwrap_or("/");
    let wanted = if form.terug.is_empty() {
        referred
    } else {
        &form.terug
    };
    let back = crate::http::redirect::safe_back(wanted).to_owned();
    let mut response = Redirect::to(&back).into_response();
    let Some(lang) = Lang::parse(&form.taal) else {
        return response;
    };
    let cookie = Cookie::build((crate::i18n::COOKIE, lang.code()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .max_age(cookie::time::Duration::days(crate::i18n::CHOICE_DAYS))
        .build();
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}
