//! Login, registration and logout pages.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::queries::{self, Draft};
use super::session::{self, LIFETIME_SECS};
use super::{CurrentUser, MaybeSession, MaybeUser, password, safe_back, username};
use crate::app::AppState;
use crate::error::Result;
use crate::form::{AppForm, parse_id};
use crate::limits::{self, ClientIp};
use crate::security::FormCheck;

/// `?terug=` on the login and registration pages.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BackQuery {
    terug: String,
}

/// The fields of both the login and the registration form. A draft reaction
/// rides along in hidden fields so it survives the detour; `website` is a
/// honeypot and `formulier_tijd` the signed moment the form was shown.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CredentialsForm {
    username: String,
    password: String,
    terug: String,
    draft_slug: String,
    draft_parent_id: String,
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
    user: Option<CurrentUser>,
    mode: Mode,
    username: &'a str,
    login_error: Option<&'a str>,
    register_error: Option<&'a str>,
    terug: &'a str,
    draft: Option<&'a Draft>,
    form_token: String,
}

impl<'a> CredentialsPage<'a> {
    fn new(state: &AppState, mode: Mode, terug: &'a str) -> Self {
        Self {
            user: None,
            mode,
            username: "",
            login_error: None,
            register_error: None,
            terug: safe_back(terug),
            draft: None,
            form_token: state.key.form_token(state.now_unix()),
        }
    }

    fn render(self, status: StatusCode) -> Result<Response> {
        Ok((status, Html(Template::render(&self)?)).into_response())
    }
}

/// GET /inloggen
pub async fn login_form(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Query(q): Query<BackQuery>,
) -> Result<Response> {
    let mut page = CredentialsPage::new(&state, Mode::Login, &q.terug);
    page.user = user;
    page.render(StatusCode::OK)
}

/// GET /registreren
pub async fn register_form(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Query(q): Query<BackQuery>,
) -> Result<Response> {
    let mut page = CredentialsPage::new(&state, Mode::Register, &q.terug);
    page.user = user;
    page.render(StatusCode::OK)
}

/// The page an anonymous reader sees after trying to post: log in or register,
/// with what they typed carried along.
pub fn join_page(state: &AppState, draft: &Draft, back_to: &str) -> Result<Response> {
    let mut page = CredentialsPage::new(state, Mode::Join, back_to);
    page.draft = Some(draft);
    page.render(StatusCode::UNAUTHORIZED)
}

/// Where to go after logging in: back to the draft (on the page that holds the
/// reaction it answers), or to where the reader came from.
async fn after_login(state: &AppState, draft: Option<&Draft>, terug: &str) -> Result<String> {
    Ok(match draft {
        Some(Draft {
            slug,
            parent_id: Some(parent),
            ..
        }) => {
            let param = format!("reageer={parent}");
            crate::comments::reaction_url(
                state,
                slug,
                *parent,
                &param,
                &format!("reageer-{parent}"),
                crate::comments::Place::Anywhere,
            )
            .await?
        }
        Some(Draft { slug, .. }) => format!("/{slug}#reageer"),
        None => safe_back(terug).to_owned(),
    })
}

/// Creates a fresh session (a new id on every login), tied to the current
/// password, and sets its cookie on `response`.
pub async fn start_session(
    state: &AppState,
    old: Option<&super::Session>,
    user_id: i64,
    password_hash: &str,
    draft: Option<&Draft>,
    mut response: Response,
) -> Result<Response> {
    if let Some(old) = old {
        queries::delete_session(&state.pool, &old.token_hash).await?;
    }
    let (token, token_hash) = session::new_token()?;
    let now = state.now_unix();
    let new = queries::NewSession {
        token_hash: &token_hash,
        user_id,
        password_fp: &session::password_fingerprint(password_hash),
        now,
        expires_at: now + LIFETIME_SECS,
        draft,
    };
    queries::insert_session(&state.pool, &new).await?;
    if let Some(cookie) = session::session_cookie(state, &token) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

/// POST /inloggen
pub async fn login(
    State(state): State<AppState>,
    MaybeSession(current): MaybeSession,
    client: ClientIp,
    AppForm(form): AppForm<CredentialsForm>,
) -> Result<Response> {
    let client = limits::client_key(&state, client);
    state.limits.check_login(&client)?;
    let draft = form.draft(&state);
    let key = username::key(&form.username);
    let throttle = limits::login_key(&state, &key, &client);
    limits::check_login_failures(&state, &throttle).await?;
    let row =
        if form.username.trim().is_empty() || form.password.chars().count() > password::MAX_LEN {
            None
        } else {
            queries::login_row(&state.pool, &key).await?
        };
    let stored = row.as_ref().map(|r| r.password_hash.clone());
    let ok = password::verify(form.password.clone(), stored).await?;
    match row.filter(|_| ok) {
        Some(row) => {
            limits::clear_login_failures(&state, &throttle).await?;
            let to = Redirect::to(&after_login(&state, draft.as_ref(), &form.terug).await?)
                .into_response();
            start_session(
                &state,
                current.as_ref(),
                row.id,
                &row.password_hash,
                draft.as_ref(),
                to,
            )
            .await
        }
        None => {
            limits::record_login_failure(&state, &throttle).await?;
            let mut page = CredentialsPage::new(
                &state,
                if draft.is_some() {
                    Mode::Join
                } else {
                    Mode::Login
                },
                &form.terug,
            );
            page.username = &form.username;
            page.login_error = Some(
                "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Controleer ze en probeer het opnieuw.",
            );
            page.draft = draft.as_ref();
            page.render(StatusCode::UNAUTHORIZED)
        }
    }
}

/// POST /registreren
pub async fn register(
    State(state): State<AppState>,
    MaybeSession(current): MaybeSession,
    client: ClientIp,
    AppForm(form): AppForm<CredentialsForm>,
) -> Result<Response> {
    let draft = form.draft(&state);
    let refuse = |status, message: &'static str| {
        let mut page = CredentialsPage::new(
            &state,
            if draft.is_some() {
                Mode::Join
            } else {
                Mode::Register
            },
            &form.terug,
        );
        page.username = &form.username;
        page.register_error = Some(message);
        page.draft = draft.as_ref();
        page.render(status)
    };
    match state.key.check_form(
        &form.formulier_tijd,
        &form.website,
        state.now_unix(),
        state.config.min_fill_secs,
    ) {
        FormCheck::Ok => {}
        // A bot is shown what looks like success; nothing is stored.
        FormCheck::Bot => return Ok(Redirect::to("/").into_response()),
        FormCheck::TooFast => {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Dat ging wat snel. Kijk je gegevens na en klik nog eens op Account maken.",
            );
        }
    }
    let name = match username::parse(&form.username) {
        Ok(name) => name,
        Err(message) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, message),
    };
    if let Err(message) = password::check_strength(&form.password, &name.display) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, message);
    }
    const TAKEN: &str = "Deze gebruikersnaam is al in gebruik (of lijkt te veel op een bestaande). Kies een andere.";
    let authors = queries::author_names(&state.pool).await?;
    if username::impersonates(&name.display, &authors)
        || queries::key_taken(&state.pool, &name.key).await?
    {
        return refuse(StatusCode::CONFLICT, TAKEN);
    }
    state
        .limits
        .check_register(&limits::client_key(&state, client))?;
    let hash = password::hash(form.password.clone()).await?;
    let now = state.now_unix();
    let Some(user_id) =
        queries::insert_user(&state.pool, &name.display, &name.key, &hash, now).await?
    else {
        return refuse(StatusCode::CONFLICT, TAKEN);
    };
    let to = Redirect::to(&after_login(&state, draft.as_ref(), &form.terug).await?).into_response();
    start_session(&state, current.as_ref(), user_id, &hash, draft.as_ref(), to).await
}

/// POST /uitloggen
pub async fn logout(
    State(state): State<AppState>,
    MaybeSession(current): MaybeSession,
) -> Result<Response> {
    if let Some(session) = current {
        queries::delete_session(&state.pool, &session.token_hash).await?;
    }
    let mut response = Redirect::to("/?uitgelogd=1").into_response();
    if let Some(removal) = session::removal_cookie(&state) {
        response.headers_mut().append(SET_COOKIE, removal);
    }
    Ok(response)
}
