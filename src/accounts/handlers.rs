//! Login, registration and logout pages.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;

use super::auth::{self, LoginOutcome, RegisterOutcome, Registration};
use super::cookie;
use super::extract::MaybeSession;
use super::model::Draft;
use super::sessions;
use crate::error::{FormRefusal, Result};
use crate::http::client::ClientIp;
use crate::http::form::AppForm;
use crate::http::id::parse_id;
use crate::http::query::LenientQuery;
use crate::http::redirect::safe_back;
use crate::layout::Layout;
use crate::state::AppState;

/// `?terug=` on the login and registration pages.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct BackQuery {
    terug: String,
}

/// The fields of both the login and the registration form. A draft reaction
/// rides along in hidden fields so it survives the detour; `website` is a
/// honeypot and `formulier_tijd` the signed moment the form was shown.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CredentialsForm {
    username: String,
    /// The name shown with reactions (registration only; may be empty).
    weergavenaam: String,
    password: SecretString,
    terug: String,
    draft_slug: String,
    draft_parent_id: String,
    draft_reason: String,
    draft_body: String,
    website: String,
    formulier_tijd: String,
}

impl CredentialsForm {
    fn draft(&self, state: &AppState) -> Option<Draft> {
        let body = self.draft_body.trim();
        (!body.is_empty() && state.articles.get(&self.draft_slug).is_some()).then(|| Draft {
            slug: self.draft_slug.clone(),
            parent_id: parse_id(&self.draft_parent_id),
            // Checked against the article's reasons again when it is posted.
            reason: self.draft_reason.trim().parse().ok(),
            body: self.draft_body.clone(),
        })
    }
}

/// Which of the two forms a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Login,
    Register,
    /// Both, after an anonymous reader pressed "Plaatsen".
    Join,
}

#[derive(Template)]
#[template(path = "accounts/credentials.html")]
struct CredentialsPage<'a> {
    layout: Layout,
    mode: Mode,
    username: &'a str,
    /// The shown name typed at registration, kept on a refusal.
    shown: &'a str,
    login_error: Option<&'a str>,
    register_error: Option<&'a str>,
    terug: &'a str,
    draft: Option<&'a Draft>,
    form_token: String,
    /// Whether "Wachtwoord vergeten?" is offered (only with mail settings).
    forgot: bool,
}

impl<'a> CredentialsPage<'a> {
    fn new(state: &AppState, layout: Layout, mode: Mode, terug: &'a str) -> Self {
        Self {
            layout,
            mode,
            username: "",
            shown: "",
            login_error: None,
            register_error: None,
            terug: safe_back(terug),
            draft: None,
            form_token: state.key.form_token(state.now_unix()),
            forgot: state.mail.is_some(),
        }
    }

    /// The form again after a refusal: Join when a draft rides along.
    fn refused(
        state: &AppState,
        form: &'a CredentialsForm,
        draft: Option<&'a Draft>,
        mode: Mode,
    ) -> Self {
        let mode = if draft.is_some() { Mode::Join } else { mode };
        let mut page = Self::new(state, Layout::anonymous(), mode, &form.terug);
        page.username = &form.username;
        page.shown = &form.weergavenaam;
        page.draft = draft;
        page
    }

    fn render(self, status: StatusCode) -> Result<Response> {
        Ok((status, Html(Template::render(&self)?)).into_response())
    }

    /// The form again with 503 and Retry-After: every hashing slot was taken.
    fn busy(self) -> Result<Response> {
        let refusal = FormRefusal::busy();
        Ok(refusal.apply(self.render(refusal.status)?))
    }
}

/// GET /inloggen
pub(crate) async fn login_form(
    State(state): State<AppState>,
    layout: Layout,
    LenientQuery(q): LenientQuery<BackQuery>,
) -> Result<Response> {
    CredentialsPage::new(&state, layout, Mode::Login, &q.terug).render(StatusCode::OK)
}

/// GET /registreren
pub(crate) async fn register_form(
    State(state): State<AppState>,
    layout: Layout,
    LenientQuery(q): LenientQuery<BackQuery>,
) -> Result<Response> {
    CredentialsPage::new(&state, layout, Mode::Register, &q.terug).render(StatusCode::OK)
}

/// The page an anonymous reader sees after trying to post: log in or register,
/// with what they typed carried along.
pub fn join_page(state: &AppState, draft: &Draft, back_to: &str) -> Result<Response> {
    let mut page = CredentialsPage::new(state, Layout::anonymous(), Mode::Join, back_to);
    page.draft = Some(draft);
    page.render(StatusCode::UNAUTHORIZED)
}

/// Where to go after logging in: back to the draft's form (the article page
/// finds the page that holds the reaction it answers), or where the reader came from.
fn after_login(draft: Option<&Draft>, terug: &str) -> String {
    match draft {
        Some(Draft {
            slug,
            parent_id: Some(parent),
            ..
        }) => format!("/{slug}?reageer={parent}#reageer-{parent}"),
        Some(Draft { slug, .. }) => format!("/{slug}#reageer"),
        None => safe_back(terug).to_owned(),
    }
}

fn redirect_with_cookie(to: &str, cookie: Option<axum::http::HeaderValue>) -> Response {
    let mut response = Redirect::to(to).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

/// The same, with the one-time confirmation for the page the reader lands on.
fn redirect_with_session(
    state: &AppState,
    to: &str,
    cookie: Option<axum::http::HeaderValue>,
    flash: &str,
) -> Response {
    let mut response = redirect_with_cookie(to, cookie);
    if let Some(flash) = cookie::flash_cookie(&state.config, flash) {
        response.headers_mut().append(SET_COOKIE, flash);
    }
    response
}

/// POST /inloggen
pub(crate) async fn login(
    State(state): State<AppState>,
    MaybeSession(current): MaybeSession,
    client: ClientIp,
    AppForm(form): AppForm<CredentialsForm>,
) -> Result<Response> {
    let draft = form.draft(&state);
    let client = client.key(&state);
    match auth::log_in(&state, &client, &form.username, form.password.clone()).await? {
        LoginOutcome::LoggedIn(account) => {
            let cookie =
                auth::start_session(&state, current.as_ref(), &account, draft.as_ref()).await?;
            let to = after_login(draft.as_ref(), &form.terug);
            Ok(redirect_with_session(&state, &to, cookie, "ingelogd"))
        }
        LoginOutcome::Busy => {
            let mut page = CredentialsPage::refused(&state, &form, draft.as_ref(), Mode::Login);
            page.login_error = Some(crate::i18n::t().frame.busy);
            page.busy()
        }
        LoginOutcome::WrongCredentials => {
            let mut page = CredentialsPage::refused(&state, &form, draft.as_ref(), Mode::Login);
            page.login_error = Some(crate::i18n::t().messages.unknown_login);
            page.render(StatusCode::UNAUTHORIZED)
        }
    }
}

/// POST /registreren
pub(crate) async fn register(
    State(state): State<AppState>,
    MaybeSession(current): MaybeSession,
    client: ClientIp,
    AppForm(form): AppForm<CredentialsForm>,
) -> Result<Response> {
    let draft = form.draft(&state);
    let registration = Registration {
        username: &form.username,
        shown: &form.weergavenaam,
        password: &form.password,
        form_token: &form.formulier_tijd,
        website: &form.website,
    };
    match auth::register(&state, &client.key(&state), &registration).await? {
        RegisterOutcome::Registered(account) => {
            let cookie =
                auth::start_session(&state, current.as_ref(), &account, draft.as_ref()).await?;
            let to = after_login(draft.as_ref(), &form.terug);
            Ok(redirect_with_session(&state, &to, cookie, "welkom"))
        }
        RegisterOutcome::Refused(status, message) => {
            let mut page = CredentialsPage::refused(&state, &form, draft.as_ref(), Mode::Register);
            page.register_error = Some(message);
            page.render(status)
        }
        RegisterOutcome::Busy => {
            let mut page = CredentialsPage::refused(&state, &form, draft.as_ref(), Mode::Register);
            page.register_error = Some(crate::i18n::t().frame.busy);
            page.busy()
        }
        RegisterOutcome::Bot => Ok(Redirect::to("/").into_response()),
    }
}

/// POST /uitloggen
pub(crate) async fn logout(
    State(state): State<AppState>,
    MaybeSession(current): MaybeSession,
) -> Result<Response> {
    if let Some(session) = current {
        sessions::delete(&state.pool, &session.token_hash).await?;
    }
    Ok(redirect_with_cookie(
        "/?uitgelogd=1",
        cookie::removal_cookie(&state.config),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credentials_form_never_prints_its_password() {
        let form: CredentialsForm =
            serde_urlencoded::from_str("username=a&password=geheim-wachtwoord").expect("form");
        assert!(!format!("{form:?}").contains("geheim-wachtwoord"));
    }
}
