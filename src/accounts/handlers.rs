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

/// `?terug=` on the login and registration pages.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BackQuery {
    terug: String,
}

/// The fields of both the login and the registration form. A draft reaction
/// rides along in hidden fields so it survives the detour.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CredentialsForm {
    username: String,
    password: String,
    terug: String,
    draft_slug: String,
    draft_parent_id: String,
    draft_body: String,
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
}

fn render(status: StatusCode, page: CredentialsPage<'_>) -> Result<Response> {
    Ok((status, Html(page.render()?)).into_response())
}

/// GET /inloggen
pub async fn login_form(
    MaybeUser(user): MaybeUser,
    Query(q): Query<BackQuery>,
) -> Result<Response> {
    render(
        StatusCode::OK,
        CredentialsPage {
            user,
            mode: Mode::Login,
            username: "",
            login_error: None,
            register_error: None,
            terug: safe_back(&q.terug),
            draft: None,
        },
    )
}

/// GET /registreren
pub async fn register_form(
    MaybeUser(user): MaybeUser,
    Query(q): Query<BackQuery>,
) -> Result<Response> {
    render(
        StatusCode::OK,
        CredentialsPage {
            user,
            mode: Mode::Register,
            username: "",
            login_error: None,
            register_error: None,
            terug: safe_back(&q.terug),
            draft: None,
        },
    )
}

/// The page an anonymous reader sees after trying to post: log in or register,
/// with what they typed carried along.
pub fn join_page(draft: &Draft, back_to: &str) -> Result<Response> {
    render(
        StatusCode::UNAUTHORIZED,
        CredentialsPage {
            user: None,
            mode: Mode::Join,
            username: "",
            login_error: None,
            register_error: None,
            terug: safe_back(back_to),
            draft: Some(draft),
        },
    )
}

/// Where to go after logging in: back to the draft, or to where the reader came from.
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

/// Creates a fresh session (a new id on every login) and redirects.
async fn start_session(
    state: &AppState,
    old: Option<&super::Session>,
    user_id: i64,
    draft: Option<&Draft>,
    terug: &str,
) -> Result<Response> {
    if let Some(old) = old {
        queries::delete_session(&state.pool, &old.token_hash).await?;
    }
    let (token, token_hash) = session::new_token()?;
    let now = state.now_unix();
    queries::insert_session(
        &state.pool,
        &token_hash,
        user_id,
        now,
        now + LIFETIME_SECS,
        draft,
    )
    .await?;
    let mut response = Redirect::to(&after_login(draft, terug)).into_response();
    if let Some(cookie) = session::session_cookie(state, &token) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

/// POST /inloggen
pub async fn login(
    State(state): State<AppState>,
    MaybeSession(current): MaybeSession,
    AppForm(form): AppForm<CredentialsForm>,
) -> Result<Response> {
    let draft = form.draft(&state);
    let key = username::key(&form.username);
    let row =
        if form.username.trim().is_empty() || form.password.chars().count() > password::MAX_LEN {
            None
        } else {
            queries::login_row(&state.pool, &key).await?
        };
    let user_id = row.as_ref().map(|r| r.id);
    let ok = password::verify(form.password.clone(), row.map(|r| r.password_hash)).await?;
    match user_id.filter(|_| ok) {
        Some(id) => start_session(&state, current.as_ref(), id, draft.as_ref(), &form.terug).await,
        None => render(
            StatusCode::UNAUTHORIZED,
            CredentialsPage {
                user: None,
                mode: if draft.is_some() {
                    Mode::Join
                } else {
                    Mode::Login
                },
                username: &form.username,
                login_error: Some(
                    "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Controleer ze en probeer het opnieuw.",
                ),
                register_error: None,
                terug: safe_back(&form.terug),
                draft: draft.as_ref(),
            },
        ),
    }
}

/// POST /registreren
pub async fn register(
    State(state): State<AppState>,
    MaybeSession(current): MaybeSession,
    AppForm(form): AppForm<CredentialsForm>,
) -> Result<Response> {
    let draft = form.draft(&state);
    let refuse = |status, message: &'static str| {
        render(
            status,
            CredentialsPage {
                user: None,
                mode: if draft.is_some() {
                    Mode::Join
                } else {
                    Mode::Register
                },
                username: &form.username,
                login_error: None,
                register_error: Some(message),
                terug: safe_back(&form.terug),
                draft: draft.as_ref(),
            },
        )
    };
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
    let hash = password::hash(form.password.clone()).await?;
    let now = state.now_unix();
    let Some(user_id) =
        queries::insert_user(&state.pool, &name.display, &name.key, &hash, now).await?
    else {
        return refuse(StatusCode::CONFLICT, TAKEN);
    };
    start_session(
        &state,
        current.as_ref(),
        user_id,
        draft.as_ref(),
        &form.terug,
    )
    .await
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
