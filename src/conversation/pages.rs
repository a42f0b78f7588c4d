//! A reader's own pages: "Voor jou" (notifications, marked read by the visit),
//! "Mijn reacties" (their reactions with their status) and the private Atom
//! feed of their notifications, whose secret address they can renew.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::inbox::{self, Item, Kind};
use crate::accounts::model::{CurrentUser, Session};
use crate::dates;
use crate::error::{AppError, Result};
use crate::layout::Layout;
use crate::moderation::feed::atom;
use crate::state::AppState;
use crate::text;

/// One notification as shown.
struct Entry {
    text: String,
    link: String,
    /// Sanitised when the reaction was written; empty unless public.
    body_html: String,
    reason: Option<String>,
    iso: String,
    relative: String,
    unread: bool,
}

fn article_title(state: &AppState, slug: &str) -> String {
    state
        .articles
        .get(slug)
        .map_or_else(|| slug.to_owned(), |a| a.title.clone())
}

/// The sentence for one notification, and where it leads.
fn describe(state: &AppState, item: &Item) -> (String, String) {
    let article = article_title(state, &item.slug);
    let at = format!("/reacties/{}", item.reaction_id);
    use crate::i18n::sentences::{NoteKind, Notification};
    let (kind, link) = match item.kind {
        Kind::Reply => (NoteKind::Reply, at),
        Kind::Approved => (NoteKind::Approved, at),
        Kind::Rejected => (NoteKind::Rejected, "/mijn-reacties".to_owned()),
        Kind::Appreciated => (NoteKind::Appreciated, at),
        Kind::New => (NoteKind::New, at),
        Kind::Report => (NoteKind::Report, "/moderatie".to_owned()),
        Kind::Reason => (NoteKind::Reason, at),
    };
    let text = crate::i18n::t().notification(&Notification {
        kind,
        article: &article,
        writer: &item.writer,
        count: item.appreciations,
        reason: item.about_reason,
    });
    (text, link)
}

fn entry(state: &AppState, item: Item, now: i64) -> Entry {
    let (text, link) = describe(state, &item);
    let at = dates::from_unix(item.created_at);
    Entry {
        text,
        link,
        body_html: item.body_html,
        reason: item.rejection_reason,
        iso: dates::iso(at),
        relative: dates::relative(at, dates::from_unix(now)),
        unread: item.unread,
    }
}

#[derive(Template)]
#[template(path = "conversation/for_you.html")]
struct ForYouPage {
    layout: Layout,
    entries: Vec<Entry>,
    feed_url: Option<String>,
    hears_of_reasons: bool,
}

/// GET /voor-jou: listed with what was new marked, then all marked read (the
/// header, drawn after, counts none).
pub(crate) async fn show_for_you(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response> {
    let user = &session.user;
    let now = state.now_unix();
    let items = inbox::list(&state.pool, user.id, now).await?;
    inbox::mark_read(&state.pool, user.id, now).await?;
    let entries = items.into_iter().map(|i| entry(&state, i, now)).collect();
    let feed_url = inbox::feed_token(&state.pool, user.id)
        .await?
        .map(|token| format!("{}/voor-jou/feed/{token}", state.config.base_url()));
    let hears_of_reasons = inbox::hears_of_reasons(&state.pool, user.id).await?;
    let mut layout = crate::layout::load::for_session(&state, Some(&session)).await?;
    layout.path = "/voor-jou".to_owned();
    let page = ForYouPage {
        layout,
        entries,
        feed_url,
        hears_of_reasons,
    };
    Ok(Html(page.render()?).into_response())
}

/// The form that turns notifications about reasons on (`aan`) or off (`uit`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct ReasonsForm {
    redenen: String,
}

/// POST /voor-jou/redenen
pub(crate) async fn set_reason_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    crate::http::form::AppForm(form): crate::http::form::AppForm<ReasonsForm>,
) -> Result<Response> {
    let on = match form.redenen.trim() {
        "aan" => true,
        "uit" => false,
        _ => {
            return Err(AppError::BadRequest(
                crate::i18n::t().messages.choose_reason_notices.into(),
            ));
        }
    };
    inbox::set_hears_of_reasons(&state.pool, user.id, on).await?;
    Ok(Redirect::to("/voor-jou#redenen").into_response())
}

/// POST /voor-jou/feed: a new secret address; the old one stops working.
pub(crate) async fn renew_feed(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response> {
    inbox::renew_feed_token(&state.pool, user.id).await?;
    Ok(Redirect::to("/voor-jou#feed").into_response())
}

struct FeedEntry {
    id: i64,
    title: String,
    link: String,
    updated: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "conversation/feed.xml")]
struct Feed {
    base: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

/// GET /voor-jou/feed/{token}: the reader's notifications, without marking them read.
pub(crate) async fn feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response> {
    let valid = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let owner = if valid {
        inbox::feed_owner(&state.pool, &token).await?
    } else {
        None
    };
    let user_id = owner.ok_or(AppError::NotFound)?;
    let now = state.now_unix();
    let items = inbox::list(&state.pool, user_id, now).await?;
    let updated = items.iter().map(|i| i.created_at).max().unwrap_or(now);
    let base = state.config.base_url().to_owned();
    let entries = items
        .into_iter()
        .map(|item| {
            let (title, link) = describe(&state, &item);
            // Askama escapes for XML; what XML cannot hold at all is dropped.
            FeedEntry {
                id: item.id,
                title: text::xml_safe(&title).into_owned(),
                link: format!("{base}{link}"),
                updated: dates::iso(dates::from_unix(item.created_at)),
                summary: text::xml_safe(&item.body_html).into_owned(),
            }
        })
        .collect();
    let feed = Feed {
        base,
        updated: dates::iso(dates::from_unix(updated)),
        entries,
    };
    Ok(atom(feed.render()?))
}

/// One of the reader's reactions as listed.
struct Mine {
    link: Option<String>,
    article: String,
    status: &'static str,
    body_html: String,
    reason: Option<String>,
    iso: String,
    relative: String,
}

#[derive(Template)]
#[template(path = "conversation/my_reactions.html")]
struct MyReactionsPage {
    layout: Layout,
    reactions: Vec<Mine>,
}

/// GET /mijn-reacties: the reader's reactions across articles, newest first.
/// A shadowbanned reader's are "geplaatst", as they see them on the page.
pub(crate) async fn show_my_reactions(
    State(state): State<AppState>,
    user: CurrentUser,
    layout: Layout,
) -> Result<Response> {
    let now = state.now_unix();
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", article_slug, status AS "status!: String", body_html,
                  rejection_reason, created_at
           FROM reactions WHERE user_id = $1 AND status <> 'deleted'
           ORDER BY id DESC LIMIT 200"#,
        user.id
    )
    .fetch_all(&state.pool)
    .await?;
    let reactions = rows
        .into_iter()
        .map(|r| {
            let m = crate::i18n::t().messages;
            let status = match r.status.as_str() {
                "approved" | "shadow" => m.status_published,
                "pending" => m.status_pending,
                _ => m.status_not_published,
            };
            let at = dates::from_unix(r.created_at);
            Mine {
                link: (status != m.status_not_published || r.status == "rejected")
                    .then(|| format!("/{}#reactie-{}", r.article_slug, r.id)),
                article: article_title(&state, &r.article_slug),
                status,
                body_html: r.body_html,
                reason: r.rejection_reason.filter(|_| r.status == "rejected"),
                iso: dates::iso(at),
                relative: dates::relative(at, dates::from_unix(now)),
            }
        })
        .collect();
    Ok(Html(MyReactionsPage { layout, reactions }.render()?).into_response())
}
