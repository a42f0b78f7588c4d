//! The index and the article page.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::page;
use crate::accounts::extract::MaybeSession;
use crate::comments::model::LAST_PAGE;
use crate::comments::section::{Notice, NoticePlace};
use crate::comments::threads;
use crate::conversation::order::Order;
use crate::dates;
use crate::error::Result;
use crate::http::id::parse_id;
use crate::http::query::LenientQuery;
use crate::layout::Layout;
use crate::moderation::notice::notice;
use crate::state::AppState;

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
    layout: Layout,
    items: Vec<IndexItem>,
    logged_out: bool,
    account_deleted: bool,
}

/// `?uitgelogd=1` after logging out.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct IndexQuery {
    uitgelogd: String,
    #[serde(rename = "account-verwijderd")]
    account_verwijderd: String,
}

/// GET /
pub(crate) async fn show_index(
    State(state): State<AppState>,
    layout: Layout,
    LenientQuery(q): LenientQuery<IndexQuery>,
) -> Result<Response> {
    let counts = threads::counts(&state.pool).await?;
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
        layout,
        items,
        logged_out: !q.uitgelogd.is_empty(),
        account_deleted: !q.account_verwijderd.is_empty(),
    };
    Ok(Html(page.render()?).into_response())
}

/// The query string of an article page: the page of threads, which reply form is
/// open, and which confirmation to show after a redirect.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ArticleQuery {
    pagina: String,
    reageer: String,
    geplaatst: String,
    bewerkt: String,
    verwijderd: String,
    wacht: String,
    melding: String,
    /// The reaction an author's action was about: its notice shows there.
    bij: String,
    volgorde: String,
}

impl ArticleQuery {
    /// The confirmation to show, placed beside what it is about: inside the
    /// reaction just posted or edited, at the form, or above the reactions.
    fn notice(&self) -> Option<Notice> {
        let at = |raw: &str, place_without_id, text| {
            let place = parse_id(raw).map_or(place_without_id, NoticePlace::Reaction);
            Some(Notice { text, place })
        };
        if !self.geplaatst.is_empty() {
            at(
                &self.geplaatst,
                NoticePlace::Top,
                crate::i18n::t().reading.posted,
            )
        } else if !self.bewerkt.is_empty() {
            at(
                &self.bewerkt,
                NoticePlace::Top,
                crate::i18n::t().reading.updated,
            )
        } else if !self.verwijderd.is_empty() {
            at(
                &self.verwijderd,
                NoticePlace::Top,
                crate::i18n::t().reading.removed,
            )
        } else if !self.wacht.is_empty() {
            at(
                &self.wacht,
                NoticePlace::Form,
                crate::i18n::t().reading.waits,
            )
        } else {
            notice(&self.melding).map(|text| Notice {
                text,
                place: parse_id(&self.bij).map_or(NoticePlace::Top, NoticePlace::Reaction),
            })
        }
    }

    /// The requested page: a number, "laatste", or nothing (`None`); anything
    /// odd is the first page.
    fn page(&self) -> Option<i64> {
        match self.pagina.trim() {
            "" => None,
            "laatste" => Some(LAST_PAGE),
            raw => Some(raw.parse::<i64>().ok().filter(|p| *p >= 1).unwrap_or(1)),
        }
    }

    /// The order asked for; anything unknown is none.
    fn order(&self) -> Option<Order> {
        Order::parse(self.volgorde.trim())
    }

    /// Only a page number and order: the page looks the same to every anonymous reader.
    fn is_plain(&self) -> bool {
        [
            &self.reageer,
            &self.geplaatst,
            &self.bewerkt,
            &self.verwijderd,
            &self.wacht,
            &self.melding,
            &self.bij,
        ]
        .iter()
        .all(|v| v.is_empty())
    }
}

/// GET /{slug}
pub(crate) async fn show_article(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    Path(slug): Path<String>,
    LenientQuery(query): LenientQuery<ArticleQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    let article = state.articles.find(&slug)?;
    let asked = query.page();
    let order = page::order_for(&state, session.as_ref(), query.order()).await?;
    if session.is_none() && query.is_plain() && asked != Some(LAST_PAGE) {
        let page = asked.unwrap_or(1);
        return page::anonymous_page(&state, &article, page, order, &headers).await;
    }
    if let Some(session) = &session
        && query.is_plain()
        && asked != Some(LAST_PAGE)
        && let Some(response) = page::shared_page(
            &state,
            session,
            &article,
            asked.unwrap_or(1),
            order,
            &headers,
        )
        .await?
    {
        return Ok(response);
    }
    let reply_to = parse_id(&query.reageer);
    let view = page::personal_view(
        &state,
        session.as_ref(),
        &slug,
        asked,
        reply_to,
        query.notice(),
        order,
    )
    .await?;
    // A page number that was asked for must exist; one found from a reply target may fall back.
    let fallback = asked.is_none();
    page::render_personal(
        &state,
        session.as_ref(),
        &article,
        view,
        fallback,
        StatusCode::OK,
    )
    .await
}
