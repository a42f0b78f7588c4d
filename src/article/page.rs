//! The article page: the article with its reactions below. Anonymous readers get
//! it from the page cache; everyone else gets it rendered for them.

use askama::Template;
use axum::http::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::cache::{self, Lookup};
use super::content::Article;
use super::shared::NAME_MARK;
use crate::accounts::model::Session;
use crate::accounts::sessions;
use crate::comments::paging::page_of;
use crate::comments::section::{self, Compose, Notice, Reader, Section, View};
use crate::conversation::order::{self, Order};
use crate::conversation::tally::{self, Tallies};
use crate::dates;
use crate::error::{AppError, Result};
use crate::layout::Layout;
use crate::state::AppState;

#[derive(Template)]
// Whitespace around template tags collapses to one space or line break: with
// 200 reactions the indentation and blank lines of the nested blocks were about
// a third of the page.
#[template(path = "article/show.html", whitespace = "minimize")]
struct ArticlePage<'a> {
    layout: Layout,
    article: &'a Article,
    url: String,
    date_iso: String,
    date_long: String,
    section: Section,
    /// The reasons' tallies; `None` for an article without reasons.
    tallies: Option<Tallies>,
    /// The page's JSON-LD (`reach::jsonld`), escaped for its script element.
    jsonld: String,
}

async fn render_html(
    state: &AppState,
    layout: Layout,
    article: &Article,
    section: Section,
    session: Option<&Session>,
) -> Result<String> {
    let login = crate::http::redirect::login_path(&format!("/{}", article.slug));
    let user = session.map(|s| &s.user);
    let tallies = tally::load(&state.pool, article, user, login, state.now_unix()).await?;
    let url = format!("{}/{}", state.config.base_url(), article.slug);
    let who = crate::reach::cached::identity(state).await?;
    Ok(ArticlePage {
        jsonld: crate::reach::jsonld::article(&who, &url, article, &section),
        tallies,
        layout,
        url,
        date_iso: article.published.to_string(),
        date_long: dates::long_date(article.published),
        article,
        section,
    }
    .render()?)
}

/// The page frame for this visitor; an anonymous one returns to the article after logging in.
async fn layout_for(
    state: &AppState,
    session: Option<&Session>,
    article: &Article,
) -> Result<Layout> {
    match session {
        Some(session) => crate::layout::load::for_session(state, Some(session)).await,
        None => crate::layout::load::anonymous(state, &format!("/{}", article.slug)).await,
    }
}

/// The page of threads that holds `reply_to`'s thread when no page is asked for.
pub async fn page_for(state: &AppState, page: Option<i64>, reply_to: Option<i64>) -> Result<i64> {
    Ok(match (page, reply_to) {
        (Some(page), _) => page,
        (None, Some(id)) => page_of(&state.pool, id).await?,
        (None, None) => 1,
    })
}

/// The order a visitor reads the reactions in: the one asked for (remembered in
/// a session), else the session's, else oldest first.
pub async fn order_for(
    state: &AppState,
    session: Option<&Session>,
    asked: Option<Order>,
) -> Result<Order> {
    match (session, asked) {
        (Some(session), Some(asked)) => {
            order::remember(&state.pool, &session.token_hash, asked).await?;
            Ok(asked)
        }
        (Some(session), None) => Ok(session.order.unwrap_or_default()),
        (None, asked) => Ok(asked.unwrap_or_default()),
    }
}

/// What a reader with a session (or an unusual query) sees: the page asked for
/// or the one holding the reply form, with the draft from before logging in back
/// in its form (unless the reader has since opened a different reply form).
pub async fn personal_view(
    state: &AppState,
    session: Option<&Session>,
    slug: &str,
    asked: Option<i64>,
    mut reply_to: Option<i64>,
    notice: Option<Notice>,
    order: Order,
) -> Result<View> {
    let mut compose = Compose::default();
    if let Some(session) = session
        && let Some(draft) = sessions::draft(&state.pool, &session.token_hash, slug).await?
        && (reply_to.is_none() || reply_to == draft.parent_id)
    {
        reply_to = draft.parent_id;
        compose = Compose {
            body: draft.body,
            reason: draft.reason.map(|n| n.to_string()).unwrap_or_default(),
            from_draft: true,
            ..Compose::default()
        };
    }
    Ok(View {
        page: page_for(state, asked, reply_to).await?,
        reply_to,
        compose,
        notice,
        order,
    })
}

/// Loads the section for `view`, falling back to the first page when the page
/// asked for (or the one a reply target pointed to) does not exist.
async fn load_section(
    state: &AppState,
    article: &Article,
    session: Option<&Session>,
    view: View,
    fallback: bool,
) -> Result<Section> {
    if let Some(section) = section::load_section(state, article, session, view.clone()).await? {
        return Ok(section);
    }
    if !fallback {
        return Err(AppError::NotFound);
    }
    section::load_section(state, article, session, View { page: 1, ..view })
        .await?
        .ok_or(AppError::NotFound)
}

/// The article for a visitor with a session or with something particular in the
/// query (an open reply form, a notice): rendered for them, never cached by others.
pub async fn render_personal(
    state: &AppState,
    session: Option<&Session>,
    article: &Article,
    view: View,
    fallback: bool,
    status: StatusCode,
) -> Result<Response> {
    let section = load_section(state, article, session, view, fallback).await?;
    let layout = layout_for(state, session, article).await?;
    let html = render_html(state, layout, article, section, session).await?;
    let mut response = (status, Html(html)).into_response();
    if session.is_some() {
        response.headers_mut().insert(
            CACHE_CONTROL,
            HeaderValue::from_static(cache::PRIVATE_CACHE_CONTROL),
        );
    }
    Ok(response)
}

/// Re-renders the article with a reaction form that was refused (or previewed),
/// text intact, on the page that holds the reaction being answered.
pub async fn render_with_compose(
    state: &AppState,
    session: Option<&Session>,
    article: &Article,
    reply_to: Option<i64>,
    compose: Compose,
    status: StatusCode,
) -> Result<Response> {
    let view = View {
        page: page_for(state, None, reply_to).await?,
        reply_to,
        compose,
        notice: None,
        order: order_for(state, session, None).await?,
    };
    let section = load_section(state, article, session, view, true).await?;
    let layout = layout_for(state, session, article).await?;
    let html = render_html(state, layout, article, section, session).await?;
    Ok((status, Html(html)).into_response())
}

/// The page every anonymous reader gets, from the cache when it is current.
pub async fn anonymous_page(
    state: &AppState,
    article: &Article,
    page: i64,
    order: Order,
    headers: &HeaderMap,
) -> Result<Response> {
    let key = format!("{}/{}/{page}", article.slug, order.as_str());
    // One request renders a retired page again; the others meanwhile get the
    // retired copy, a moment old, instead of all rendering at once.
    let _claim = match state.cache.lookup(&key) {
        Lookup::Fresh(page) => return Ok(page.respond(headers)),
        Lookup::Stale(page) => match state.cache.claim(&key) {
            Some(claim) => Some(claim),
            None => return Ok(page.respond(headers)),
        },
        Lookup::Missing => match state.cache.claim(&key) {
            Some(claim) => Some(claim),
            None => {
                // Nothing to serve yet: wait for the one render instead of all rendering.
                state.cache.wait_for(&key).await;
                if let Lookup::Fresh(page) | Lookup::Stale(page) = state.cache.lookup(&key) {
                    return Ok(page.respond(headers));
                }
                None
            }
        },
    };
    let generation = state.cache.generation();
    let view = View {
        page,
        order,
        ..View::default()
    };
    let section = load_section(state, article, None, view, false).await?;
    let path = section.current_path();
    let layout = crate::layout::load::anonymous(state, &path).await?;
    let html = render_html(state, layout, article, section, None).await?;
    Ok(state.cache.put(key, generation, html).respond(headers))
}

/// The page a logged-in reader shares with others like them (see `shared`), or
/// the one kept for them alone when they took part here, or `None` when it
/// must be rendered now: a confirmation to show, a ban, a draft.
pub async fn shared_page(
    state: &AppState,
    session: &Session,
    article: &Article,
    page: i64,
    order: Order,
    headers: &HeaderMap,
) -> Result<Option<Response>> {
    let user = &session.user;
    if session.flash.is_some() || user.ban.is_some() {
        return Ok(None);
    }
    // Everything else this needs came with the session (`users::by_session`),
    // so a reader who only reads costs one more query: whether they took part.
    if session.draft_slug.as_deref() == Some(article.slug.as_str()) {
        return Ok(None);
    }
    // The header's count of unread notifications is part of the shared page.
    let unread = session.unread;
    let base = format!("{}/{}/{page}", article.slug, order.as_str());
    // The author, and a reader who took part here (their reactions with edit
    // links, their pending ones, their stances), get a page of their own, kept
    // like the shared one until the next change.
    let own =
        user.is_author() || tally::has_taken_part(&state.pool, &article.slug, user.id).await?;
    let key = if own {
        format!("{base}/eigen-{}/{unread}", user.id)
    } else {
        format!("{base}/lezer/{unread}")
    };
    let shared = match state.shared_pages.get(&key) {
        Some(shared) => shared,
        None => {
            let generation = state.shared_pages.generation();
            let reader = if own {
                Reader::Known(Some(user))
            } else {
                Reader::AnyAccount
            };
            let view = View {
                page,
                order,
                ..View::default()
            };
            let Some(section) = section::load_section_for(state, article, reader, view).await?
            else {
                return Ok(None);
            };
            let mut layout = crate::layout::load::for_session(state, Some(session)).await?;
            if let Some(header) = layout.user.as_mut() {
                NAME_MARK.clone_into(&mut header.name);
            }
            // A reader who is not `own` has no stances here: their tallies are
            // everyone's like them.
            let html = render_html(state, layout, article, section, Some(session)).await?;
            match state.shared_pages.put(key, generation, &html) {
                Some(shared) => shared,
                None => return Ok(None),
            }
        }
    };
    state.shared_pages.count_answer();
    let mut response = if cache::accepts(headers, "gzip") {
        let mut response = shared.with_name_gzip(&user.display_name).into_response();
        let h = response.headers_mut();
        h.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    } else {
        Html(shared.with_name(&user.display_name)).into_response()
    };
    let h = response.headers_mut();
    h.insert(VARY, HeaderValue::from_static("Cookie, Accept-Encoding"));
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(cache::PRIVATE_CACHE_CONTROL),
    );
    Ok(Some(response))
}
