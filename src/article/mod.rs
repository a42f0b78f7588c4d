//! Articles: loaded from `content/`, listed on the index, shown with their reactions.

pub mod content;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

pub use content::{Article, Articles};

use crate::accounts::{CurrentUser, MaybeSession, MaybeUser, Session, queries as account_queries};
use crate::app::AppState;
use crate::comments::{self, Compose, Section};
use crate::dates;
use crate::error::{AppError, Result};
use crate::form::parse_id;
use crate::moderation;

/// The index and the article pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(show_index))
        .route("/{slug}", get(show_article))
}

struct IndexItem {
    title: String,
    slug: String,
    summary: String,
    date_iso: String,
    date_long: String,
    count: i64,
}

#[derive(Template)]
#[template(path = "article/index.html")]
struct IndexPage {
    user: Option<CurrentUser>,
    items: Vec<IndexItem>,
    logged_out: bool,
    account_deleted: bool,
}

/// `?uitgelogd=1` after logging out.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IndexQuery {
    uitgelogd: String,
    #[serde(rename = "account-verwijderd")]
    account_verwijderd: String,
}

/// GET /
pub async fn show_index(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    RawQuery(raw): RawQuery,
) -> Result<Response> {
    let q: IndexQuery =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let counts = comments::queries::counts(&state.pool).await?;
    let items = state
        .articles
        .all()
        .iter()
        .map(|a| IndexItem {
            title: a.title.clone(),
            slug: a.slug.clone(),
            summary: a.summary.clone(),
            date_iso: a.published.to_string(),
            date_long: dates::long_date(a.published),
            count: counts.get(&a.slug).copied().unwrap_or(0),
        })
        .collect();
    let page = IndexPage {
        user,
        items,
        logged_out: !q.uitgelogd.is_empty(),
        account_deleted: !q.account_verwijderd.is_empty(),
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "article/show.html")]
struct ArticlePage<'a> {
    user: Option<CurrentUser>,
    article: &'a Article,
    url: String,
    date_iso: String,
    date_long: String,
    section: Section,
}

fn render(
    state: &AppState,
    status: StatusCode,
    user: Option<CurrentUser>,
    article: &Article,
    section: Section,
) -> Result<Response> {
    let page = ArticlePage {
        user,
        url: format!("{}/{}", state.config.base_url(), article.slug),
        date_iso: article.published.to_string(),
        date_long: dates::long_date(article.published),
        article,
        section,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// Re-renders the article with a reaction form that was refused, text intact.
pub async fn render_with_compose(
    state: &AppState,
    session: Option<&Session>,
    article: &Article,
    reply_to: Option<i64>,
    compose: Compose,
) -> Result<Response> {
    let section = comments::load_section(state, article, session, reply_to, compose, None).await?;
    render(
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
        session.map(|s| s.user.clone()),
        article,
        section,
    )
}

/// The query string of an article page: which reply form is open, and which
/// confirmation to show after a redirect.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArticleQuery {
    reageer: String,
    geplaatst: String,
    bewerkt: String,
    verwijderd: String,
    wacht: String,
    melding: String,
}

impl ArticleQuery {
    fn notice(&self) -> Option<&'static str> {
        if !self.geplaatst.is_empty() {
            Some("Je reactie is geplaatst.")
        } else if !self.bewerkt.is_empty() {
            Some("Je reactie is bijgewerkt.")
        } else if !self.verwijderd.is_empty() {
            Some("Je reactie is verwijderd.")
        } else if !self.wacht.is_empty() {
            Some("Je reactie is ontvangen en wacht op goedkeuring door de auteur.")
        } else {
            moderation::notice(&self.melding)
        }
    }
}

/// GET /{slug}
pub async fn show_article(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response> {
    let article: Arc<Article> = state
        .articles
        .get(&slug)
        .cloned()
        .ok_or(AppError::NotFound)?;
    // A mangled query string only loses its extras; the article still shows.
    let query: ArticleQuery =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let mut reply_to = parse_id(&query.reageer);
    let mut compose = Compose::default();
    let draft = match &session {
        Some(session) => {
            account_queries::session_draft(&state.pool, &session.token_hash, &slug).await?
        }
        None => None,
    };
    // The draft from before logging in goes back into its form, unless the
    // reader has since opened a different reply form.
    if let Some(draft) = draft
        && (reply_to.is_none() || reply_to == draft.parent_id)
    {
        reply_to = draft.parent_id;
        compose = Compose {
            body: draft.body,
            from_draft: true,
            ..Compose::default()
        };
    }
    let section = comments::load_section(
        &state,
        &article,
        session.as_ref(),
        reply_to,
        compose,
        query.notice(),
    )
    .await?;
    render(
        &state,
        StatusCode::OK,
        session.map(|s| s.user),
        &article,
        section,
    )
}
