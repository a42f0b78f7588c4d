//! The queue of held and reported reactions, and the actions on reactions.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::actions::{self, Outcome, ReactionAction};
use super::notice::{NoticeQuery, back_to};
use super::store::queue;
use crate::accounts::extract::Author;
use crate::comments::model::{ReactionBody, ReactionStatus};
use crate::comments::store;
use crate::dates;
use crate::error::{AppError, FormRefusal, Result};
use crate::http::form::AppForm;
use crate::http::id::{PathId, PathIdAction, parse_id};
use crate::http::query::LenientQuery;
use crate::http::redirect::safe_back;
use crate::layout::Layout;
use crate::state::AppState;

struct QueueItem {
    id: i64,
    article_slug: String,
    article_title: String,
    parent_id: Option<i64>,
    parent_writer: Option<String>,
    parent_html: Option<String>,
    writer: String,
    is_guest: bool,
    account_age: Option<String>,
    approved_count: i64,
    body_html: String,
    reported: bool,
    held_reason: Option<String>,
    reports: Vec<(String, String)>,
    iso: String,
    relative: String,
}

#[derive(Template)]
#[template(path = "moderation/queue.html")]
struct QueuePage {
    layout: Layout,
    items: Vec<QueueItem>,
    notice: Option<&'static str>,
}

/// "3 dagen" for an account created at `created`.
fn age(created: i64, now: i64) -> String {
    dates::relative(dates::from_unix(created), dates::from_unix(now))
        .trim_end_matches(" geleden")
        .replace("zojuist", "minder dan een minuut")
}

/// The queue as the page shows it, newest first, with each item's reports.
async fn queue_items(state: &AppState) -> Result<Vec<QueueItem>> {
    let now = state.now_unix();
    let rows = queue::queue(&state.pool).await?;
    let reports = queue::open_reports(&state.pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let at = dates::from_unix(r.created_at);
            let item_reports: Vec<(String, String)> = reports
                .iter()
                .filter(|p| p.reaction_id == r.id)
                .map(|p| (p.reporter.clone(), p.reason.clone()))
                .collect();
            QueueItem {
                id: r.id,
                article_title: state
                    .articles
                    .get(&r.article_slug)
                    .map_or_else(|| r.article_slug.clone(), |a| a.title.clone()),
                article_slug: r.article_slug,
                parent_id: r.parent_id,
                parent_writer: r.parent_writer,
                parent_html: r.parent_html,
                writer: r.writer,
                is_guest: r.is_guest,
                account_age: r.account_created_at.map(|c| age(c, now)),
                approved_count: r.approved_count,
                body_html: r.body_html,
                reported: !item_reports.is_empty(),
                held_reason: r
                    .held_reason
                    .filter(|_| r.status == ReactionStatus::Pending),
                reports: item_reports,
                iso: dates::iso(at),
                relative: dates::relative(at, dates::from_unix(now)),
            }
        })
        .collect())
}

/// GET /moderatie
pub(crate) async fn show_queue(
    State(state): State<AppState>,
    Author(_): Author,
    layout: Layout,
    LenientQuery(q): LenientQuery<NoticeQuery>,
) -> Result<Response> {
    let items = queue_items(&state).await?;
    let page = QueuePage {
        layout,
        items,
        notice: q.notice(),
    };
    Ok(Html(page.render()?).into_response())
}

/// The hidden field every action form carries: where to return.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ActionForm {
    terug: String,
}

/// POST /moderatie/reacties/{id}/{action}
pub(crate) async fn act_on_reaction(
    State(state): State<AppState>,
    Author(user): Author,
    PathIdAction(id, action): PathIdAction,
    AppForm(form): AppForm<ActionForm>,
) -> Result<Response> {
    let action = ReactionAction::from_path(&action).ok_or(AppError::NotFound)?;
    let outcome = actions::on_reaction(&state.pool, user.id, id, action, state.now_unix()).await?;
    let on_article = !form.terug.starts_with("/moderatie");
    let anchor = (on_article && action != ReactionAction::Delete).then_some(id);
    Ok(Redirect::to(&back_to(&form.terug, outcome.code(), anchor)).into_response())
}

/// POST /moderatie/bulk: checkboxes `ids` and a button `actie`.
pub(crate) async fn bulk_action(
    State(state): State<AppState>,
    Author(user): Author,
    body: Bytes,
) -> Result<Response> {
    // Repeated `ids` fields: read the pairs directly (serde_urlencoded keeps only one).
    let mut ids = Vec::new();
    let mut action = String::new();
    for (key, value) in form_urlencoded::parse(&body) {
        match key.as_ref() {
            "ids" => ids.extend(parse_id(&value)),
            "actie" => action = value.into_owned(),
            _ => {}
        }
    }
    let (action, code) = match action.as_str() {
        "goedkeuren" => (ReactionAction::Approve, "bulk-goedgekeurd"),
        "afwijzen" => (ReactionAction::Reject, "bulk-afgewezen"),
        _ => {
            return Err(AppError::BadRequest(
                "Onbekende actie. Kies goedkeuren of afwijzen.".into(),
            ));
        }
    };
    if ids.is_empty() {
        return Ok(Redirect::to("/moderatie?melding=niets-gekozen").into_response());
    }
    let changed = actions::bulk(&state.pool, user.id, &ids, action, state.now_unix()).await?;
    let code = if changed == 0 { "al-gedaan" } else { code };
    Ok(Redirect::to(&format!("/moderatie?melding={code}")).into_response())
}

#[derive(Template)]
#[template(path = "moderation/edit.html")]
struct EditPage<'a> {
    layout: Layout,
    id: i64,
    slug: &'a str,
    body: &'a str,
    note: &'a str,
    terug: &'a str,
    error: Option<&'a str>,
}

/// `?terug=` for the edit page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct EditQuery {
    terug: String,
}

/// GET /moderatie/reacties/{id}/bewerken
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    Author(_): Author,
    layout: Layout,
    PathId(id): PathId,
    LenientQuery(q): LenientQuery<EditQuery>,
) -> Result<Response> {
    let target = store::find(&state.pool, id)
        .await?
        .filter(|t| t.status != ReactionStatus::Deleted)
        .ok_or(AppError::NotFound)?;
    let page = EditPage {
        layout,
        id,
        slug: &target.article_slug,
        body: &target.body_source,
        note: "",
        terug: safe_back(&q.terug),
        error: None,
    };
    Ok(Html(page.render()?).into_response())
}

/// The author's edit form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct EditForm {
    body: String,
    note: String,
    terug: String,
}

/// POST /moderatie/reacties/{id}/bewerken
pub(crate) async fn edit_reaction(
    State(state): State<AppState>,
    Author(user): Author,
    layout: Layout,
    PathId(id): PathId,
    AppForm(form): AppForm<EditForm>,
) -> Result<Response> {
    let refusal = match ReactionBody::parse(&form.body) {
        Ok(body) => {
            let now = state.now_unix();
            let edited = actions::edit(
                &state.pool,
                &state.rendering,
                user.id,
                id,
                &body,
                &form.note,
                now,
            );
            match edited.await {
                Ok(outcome) => {
                    let anchor = matches!(outcome, Outcome::Done(_)).then_some(id);
                    let target = back_to(&form.terug, outcome.code(), anchor);
                    return Ok(Redirect::to(&target).into_response());
                }
                Err(e) => e.into_form_refusal()?,
            }
        }
        Err(message) => FormRefusal::invalid(message),
    };
    let target = store::find(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = EditPage {
        layout,
        id,
        slug: &target.article_slug,
        body: &form.body,
        note: &form.note,
        terug: safe_back(&form.terug),
        error: Some(&refusal.message),
    };
    Ok(refusal.apply(Html(page.render()?).into_response()))
}
