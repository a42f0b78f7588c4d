//! Articles: loaded from `content/`, listed on the index, shown with their reactions.

pub mod cache;
pub mod content;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
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

/// Re-renders the article with a reaction form that was refused, text intact, on
/// the page that holds the reaction being answered.
pub async fn render_with_compose(
    state: &AppState,
    session: Option<&Session>,
    article: &Article,
    reply_to: Option<i64>,
    compose: Compose,
    status: StatusCode,
) -> Result<Response> {
    let page = match reply_to {
        Some(id) => {
            comments::queries::thread_position(&state.pool, id).await? / comments::THREADS_PER_PAGE
                + 1
        }
        None => 1,
    };
    let view = comments::View {
        page,
        reply_to,
        compose,
        notice: None,
    };
    let section = match comments::load_section(state, article, session, view.clone()).await? {
        Some(section) => section,
        None => comments::load_section(state, article, session, comments::View { page: 1, ..view })
            .await?
            .ok_or(AppError::NotFound)?,
    };
    render(
        state,
        status,
        session.map(|s| s.user.clone()),
        article,
        section,
    )
}

/// The query string of an article page: the page of threads, which reply form is
/// open, and which confirmation to show after a redirect.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArticleQuery {
    pagina: String,
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

    /// The requested page; anything odd is the first page.
    fn page(&self) -> i64 {
        self.pagina
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }

    /// Only a page number: the page looks the same to every anonymous reader.
    fn is_plain(&self) -> bool {
        [
            &self.reageer,
            &self.geplaatst,
            &self.bewerkt,
            &self.verwijderd,
            &self.wacht,
            &self.melding,
        ]
        .iter()
        .all(|v| v.is_empty())
    }
}

/// GET /{slug}
pub async fn show_article(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response> {
    let article: Arc<Article> = state
        .articles
        .get(&slug)
        .cloned()
        .ok_or(AppError::NotFound)?;
    // A mangled query string only loses its extras; the article still shows.
    let query: ArticleQuery =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let page = query.page();
    let Some(session) = session else {
        if query.is_plain() && page != comments::LAST_PAGE {
            return anonymous_page(&state, &article, page, &headers).await;
        }
        let view = comments::View {
            page,
            reply_to: parse_id(&query.reageer),
            compose: Compose::default(),
            notice: query.notice(),
        };
        let section = comments::load_section(&state, &article, None, view)
            .await?
            .ok_or(AppError::NotFound)?;
        return render(&state, StatusCode::OK, None, &article, section);
    };
    let mut reply_to = parse_id(&query.reageer);
    let mut compose = Compose::default();
    let draft = account_queries::session_draft(&state.pool, &session.token_hash, &slug).await?;
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
    let view = comments::View {
        page,
        reply_to,
        compose,
        notice: query.notice(),
    };
    let section = comments::load_section(&state, &article, Some(&session), view)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut response = render(
        &state,
        StatusCode::OK,
        Some(session.user),
        &article,
        section,
    )?;
    response.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static(cache::PRIVATE_CACHE_CONTROL),
    );
    Ok(response)
}

/// The page every anonymous reader gets, from the cache when it is current.
async fn anonymous_page(
    state: &AppState,
    article: &Article,
    page: i64,
    headers: &HeaderMap,
) -> Result<Response> {
    let key = format!("{}/{page}", article.slug);
    // One request renders a retired page again; the others meanwhile get the
    // retired copy, a moment old, instead of all rendering at once.
    let _claim = match state.cache.lookup(&key) {
        cache::Lookup::Fresh(page) => return Ok(page.respond(headers)),
        cache::Lookup::Stale(page) => match state.cache.claim(&key) {
            Some(claim) => Some(claim),
            None => return Ok(page.respond(headers)),
        },
        cache::Lookup::Missing => match state.cache.claim(&key) {
            Some(claim) => Some(claim),
            None => {
                // Nothing to serve yet: wait for the one render instead of all rendering.
                state.cache.wait_for(&key).await;
                if let cache::Lookup::Fresh(page) | cache::Lookup::Stale(page) =
                    state.cache.lookup(&key)
                {
                    return Ok(page.respond(headers));
                }
                None
            }
        },
    };
    let generation = state.cache.generation();
    let view = comments::View {
        page,
        ..comments::View::default()
    };
    let section = comments::load_section(state, article, None, view)
        .await?
        .ok_or(AppError::NotFound)?;
    let html = ArticlePage {
        user: None,
        url: format!("{}/{}", state.config.base_url(), article.slug),
        date_iso: article.published.to_string(),
        date_long: dates::long_date(article.published),
        article,
        section,
    }
    .render()?;
    Ok(state.cache.put(key, generation, html).respond(headers))
}
