//! The API's handlers: read what an anonymous reader sees, answer JSON with an
//! ETag (304 when the client has it) and the pages' `Cache-Control`.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use utoipa::IntoParams;

use super::error::{ApiError, ErrorBody};
use super::model::{
    ArticleDetail, ArticleList, ArticleSummary, Reaction, ReactionPage, ReactionState, ReasonTally,
};
use crate::article::cache::CachedPage;
use crate::article::content::Article;
use crate::comments::model::{ReactionStatus, THREADS_PER_PAGE};
use crate::comments::threads::{self, PageOf};
use crate::comments::tree::{self, Node};
use crate::conversation::order::Order;
use crate::conversation::tally;
use crate::dates;
use crate::i18n::t;
use crate::state::AppState;

/// Threads per page when the client does not say.
pub const DEFAULT_LIMIT: i64 = 20;

/// JSON with an ETag; 304 when the client already has this body.
pub fn respond_json(body: &impl Serialize, headers: &HeaderMap) -> Result<Response, ApiError> {
    let json = serde_json::to_string(body)
        .map_err(|e| crate::error::AppError::from(anyhow::Error::from(e)))?;
    // Generation 0: the ETag is the body's hash alone, so it stays while the data does.
    Ok(CachedPage::new(0, json, "application/json").respond(headers))
}

fn article_or_404<'a>(state: &'a AppState, slug: &str) -> Result<&'a Article, ApiError> {
    state
        .articles
        .get(slug)
        .map(AsRef::as_ref)
        .ok_or_else(|| ApiError::not_found(t().api.article_missing))
}

fn summary(state: &AppState, article: &Article, count: i64) -> ArticleSummary {
    ArticleSummary {
        slug: article.slug.clone(),
        title: article.title.clone(),
        author: article.author.clone(),
        published: article.published.to_string(),
        summary: article.summary.clone(),
        language: article.language.clone(),
        url: format!("{}/{}", state.config.base_url(), article.slug),
        reaction_count: count,
    }
}

/// Every article, newest first.
#[utoipa::path(
    get,
    path = "/articles",
    tag = "artikelen",
    responses(
        (status = 200, description = "De artikelen, nieuwste eerst", body = ArticleList),
        (status = 304, description = "Niet gewijzigd sinds de ETag in If-None-Match"),
    )
)]
pub(crate) async fn list_articles(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let counts = threads::counts(&state.pool).await?;
    let mut articles: Vec<&Article> = state.articles.all().iter().map(AsRef::as_ref).collect();
    articles.sort_by_key(|a| std::cmp::Reverse(a.published));
    let list = ArticleList {
        articles: articles
            .into_iter()
            .map(|a| summary(&state, a, counts.get(&a.slug).copied().unwrap_or(0)))
            .collect(),
    };
    respond_json(&list, &headers)
}

/// One article, with the tallies of its reasons.
#[utoipa::path(
    get,
    path = "/articles/{slug}",
    tag = "artikelen",
    params(("slug" = String, Path, description = "Het adres van het artikel")),
    responses(
        (status = 200, description = "Het artikel", body = ArticleDetail),
        (status = 304, description = "Niet gewijzigd sinds de ETag in If-None-Match"),
        (status = 404, description = "Geen artikel met dit adres", body = ErrorBody),
    )
)]
pub(crate) async fn get_article(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let article = article_or_404(&state, &slug)?;
    let count = threads::approved_in(&state.pool, &article.slug).await?;
    let tallies = tally::load(&state.pool, article, None, String::new(), state.now_unix()).await?;
    let reasons = tallies
        .map(|t| t.reasons)
        .unwrap_or_default()
        .into_iter()
        .map(|r| ReasonTally {
            number: r.number,
            title: r.title,
            ja: r.ja,
            nee: r.nee,
        })
        .collect();
    let base = state.config.base_url();
    let detail = ArticleDetail {
        summary: summary(&state, article, count),
        html: article.html.clone(),
        reasons,
        reactions_url: format!("{base}/api/v1/articles/{}/reactions", article.slug),
        feed_url: format!("{base}{}", crate::reach::feeds::article_feed(&article.slug)),
    };
    respond_json(&detail, &headers)
}

/// The query of the reactions list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct ReactionsQuery {
    /// Where the page starts: `next_cursor` of the previous page; none for the first page.
    #[param(pattern = r"^p[0-9]{1,9}$")]
    cursor: Option<String>,
    /// Threads per page (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<i64>,
}

/// Reads `cursor` and `limit`; anything else in the query is ignored.
fn parse_query(raw: Option<&str>) -> Result<(i64, i64), ApiError> {
    let mut offset = 0;
    let mut limit = DEFAULT_LIMIT;
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match &*key {
            "cursor" => {
                offset = value
                    .strip_prefix('p')
                    .filter(|d| {
                        !d.is_empty() && d.len() <= 9 && d.bytes().all(|b| b.is_ascii_digit())
                    })
                    .and_then(|d| d.parse::<i64>().ok())
                    .ok_or_else(|| ApiError::bad_request(t().api.bad_cursor))?;
            }
            "limit" => {
                limit = value
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=THREADS_PER_PAGE).contains(n))
                    .ok_or_else(|| ApiError::bad_request(t().api_bad_limit(THREADS_PER_PAGE)))?;
            }
            _ => {}
        }
    }
    Ok((offset, limit))
}

fn reaction(base: &str, node: Node) -> Reaction {
    let row = node.row;
    let state = if row.status == ReactionStatus::Deleted {
        ReactionState::Deleted
    } else if row.placeholder {
        ReactionState::Hidden
    } else {
        ReactionState::Published
    };
    let published = matches!(state, ReactionState::Published);
    Reaction {
        id: row.id,
        parent_id: row.parent_id,
        state,
        author: published.then_some(row.username),
        by_site_author: published && row.is_author,
        guest: row.is_guest,
        created_at: dates::iso(dates::from_unix(row.created_at)),
        edited_at: row.edited_at.map(|at| dates::iso(dates::from_unix(at))),
        html: published.then_some(row.body_html),
        url: format!("{base}/reacties/{}", row.id),
        replying_to: node.replying_to,
        replies: node
            .children
            .into_iter()
            .map(|child| reaction(base, child))
            .collect(),
    }
}

/// A page of an article's reactions in threads, oldest thread first (pinned
/// ones before), as anonymous readers see them on the page.
#[utoipa::path(
    get,
    path = "/articles/{slug}/reactions",
    tag = "reacties",
    params(("slug" = String, Path, description = "Het adres van het artikel"), ReactionsQuery),
    responses(
        (status = 200, description = "Een pagina draden", body = ReactionPage),
        (status = 304, description = "Niet gewijzigd sinds de ETag in If-None-Match"),
        (status = 400, description = "Een onbekende cursor of een limit buiten 1–50", body = ErrorBody),
        (status = 404, description = "Geen artikel met dit adres", body = ErrorBody),
    )
)]
pub(crate) async fn list_reactions(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let article = article_or_404(&state, &slug)?;
    let (offset, limit) = parse_query(query.as_deref())?;
    let page = PageOf {
        slug: &article.slug,
        limit,
        offset,
        order: Order::default().as_str(),
        now: state.now_unix(),
    };
    let rows = threads::thread_page(&state.pool, page, None, false).await?;
    let thread_count = threads::thread_count(&state.pool, &article.slug, None, false).await?;
    let reaction_count = threads::approved_in(&state.pool, &article.slug).await?;
    let base = state.config.base_url();
    let body = ReactionPage {
        slug: article.slug.clone(),
        thread_count,
        reaction_count,
        reactions: tree::build(rows)
            .into_iter()
            .map(|node| reaction(base, node))
            .collect(),
        next_cursor: (offset + limit < thread_count).then(|| format!("p{}", offset + limit)),
    };
    respond_json(&body, &headers)
}
