//! The queue of held and reported reactions, and the actions on reactions.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::actions::{self, Outcome, ReactionAction};
use super::notice::{NoticeQuery, back_to, back_to_anchor};
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
    /// What the action forms saw (see `actions::seen`).
    seen: String,
    held_reason: Option<String>,
    /// A held edit: the new text's HTML and why it was held.
    edit: Option<(String, String)>,
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
                account_age: r.account_created_at.map(|c| dates::age(c, now)),
                approved_count: r.approved_count,
                body_html: r.body_html,
                reported: !item_reports.is_empty(),
                seen: actions::seen(r.status, !item_reports.is_empty()),
                held_reason: r
                    .held_reason
                    .filter(|_| r.status == ReactionStatus::Pending)
                    .map(|why| crate::i18n::t().held_reason(&why)),
                edit: r
                    .edit
                    .map(|(html, why)| (html, crate::i18n::t().held_reason(&why))),
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

/// POST /moderatie/reacties/{id}/{action}: the form says where to return
/// (`terug`) and what it saw (`gezien-<id>`; the queue's one form holds a field
/// for every item).
pub(crate) async fn act_on_reaction(
    State(state): State<AppState>,
    Author(user): Author,
    PathIdAction(id, action): PathIdAction,
    AppForm(form): AppForm<HashMap<String, String>>,
) -> Result<Response> {
    let action = ReactionAction::from_path(&action).ok_or(AppError::NotFound)?;
    let seen = form.get(&format!("gezien-{id}")).map(String::as_str);
    // After a deletion on the article the author returns to the place: the
    // reaction it answered, or the reactions.
    let parent = store::find(&state.pool, id)
        .await?
        .and_then(|r| r.parent_id);
    let now = state.now_unix();
    let outcome = actions::on_reaction(&state.pool, user.id, id, action, seen, None, now).await?;
    let terug = form.get("terug").map_or("", String::as_str);
    let on_article = !terug.starts_with("/moderatie");
    let anchor = match (on_article, action, parent) {
        (false, _, _) => String::new(),
        (true, ReactionAction::Delete, Some(parent)) => format!("reactie-{parent}"),
        (true, ReactionAction::Delete, None) => "reacties".to_owned(),
        (true, _, _) => format!("reactie-{id}"),
    };
    let to = back_to_anchor(terug, outcome.code(), &anchor);
    Ok(outcome.mark(Redirect::to(&to).into_response()))
}

#[derive(Template)]
#[template(path = "moderation/confirm_delete.html")]
struct ConfirmDeletePage<'a> {
    layout: Layout,
    id: i64,
    writer: &'a str,
    excerpt: String,
    terug: &'a str,
}

/// GET /moderatie/reacties/{id}/verwijderen: asks before deleting for good.
pub(crate) async fn confirm_action(
    State(state): State<AppState>,
    Author(_): Author,
    layout: Layout,
    PathIdAction(id, action): PathIdAction,
    LenientQuery(q): LenientQuery<EditQuery>,
) -> Result<Response> {
    if ReactionAction::from_path(&action) != Some(ReactionAction::Delete) {
        return Err(AppError::MethodNotAllowed);
    }
    let target = store::find(&state.pool, id)
        .await?
        .filter(|t| t.status != ReactionStatus::Deleted)
        .ok_or(AppError::NotFound)?;
    let excerpt: String = target.body_source.chars().take(300).collect();
    let writer = queue::writer_name(&state.pool, id).await?;
    let page = ConfirmDeletePage {
        layout,
        id,
        writer: &writer,
        excerpt,
        terug: safe_back(&q.terug),
    };
    Ok(Html(page.render()?).into_response())
}

/// What the queue form sent: ticked `ids` with a bulk button `actie`, or one
/// item's own button `een` = "<id>:<action>". (One form and button names instead
/// of `formaction`, which text browsers ignore.)
#[derive(Debug, Default)]
struct QueueForm {
    ids: Vec<i64>,
    action: String,
    single: Option<(i64, ReactionAction)>,
    /// What the form saw of each item (`gezien-<id>`), so a stale form says so.
    seen: HashMap<i64, String>,
    /// A reason for not placing an item: chosen from the list (`reden-<id>`) or
    /// typed (`reden-vrij-<id>`).
    reasons: HashMap<i64, String>,
    typed_reasons: HashMap<i64, String>,
}

impl QueueForm {
    /// A per-item field: what it saw, or a reason.
    fn field(&mut self, name: &str, value: String) {
        if let Some(id) = name.strip_prefix("gezien-").and_then(parse_id) {
            self.seen.insert(id, value);
        } else if let Some(id) = name.strip_prefix("reden-vrij-").and_then(parse_id) {
            self.typed_reasons.insert(id, value);
        } else if let Some(id) = name.strip_prefix("reden-").and_then(parse_id) {
            self.reasons.insert(id, value);
        }
    }

    /// The reason given for item `id`: typed text wins over the list.
    fn reason(&self, id: i64) -> Option<String> {
        [self.typed_reasons.get(&id), self.reasons.get(&id)]
            .into_iter()
            .flatten()
            .map(|r| {
                crate::text::clean_line(r)
                    .trim()
                    .chars()
                    .take(300)
                    .collect::<String>()
            })
            .find(|r| !r.is_empty())
    }

    fn parse(body: &[u8]) -> Self {
        // Repeated `ids` fields: read the pairs directly (serde_urlencoded keeps only one).
        let mut form = Self::default();
        for (key, value) in form_urlencoded::parse(body) {
            match key.as_ref() {
                "ids" => form.ids.extend(parse_id(&value)),
                "actie" => form.action = value.into_owned(),
                "een" => {
                    form.single = value.split_once(':').and_then(|(id, action)| {
                        Some((parse_id(id)?, ReactionAction::from_path(action)?))
                    });
                }
                other => form.field(other, value.into_owned()),
            }
        }
        form
    }
}

/// POST /moderatie/bulk: several ticked reactions at once, or one item's button.
pub(crate) async fn bulk_action(
    State(state): State<AppState>,
    Author(user): Author,
    body: Bytes,
) -> Result<Response> {
    let mut form = QueueForm::parse(&body);
    let now = state.now_unix();
    if let Some((id, action)) = form.single {
        let seen = form.seen.remove(&id);
        let reason = form.reason(id);
        let outcome = actions::on_reaction(
            &state.pool,
            user.id,
            id,
            action,
            seen.as_deref(),
            reason.as_deref(),
            now,
        )
        .await?;
        let to = format!("/moderatie?melding={}", outcome.code());
        return Ok(outcome.mark(Redirect::to(&to).into_response()));
    }
    let (action, code) = match form.action.as_str() {
        "goedkeuren" => (ReactionAction::Approve, "bulk-goedgekeurd"),
        "afwijzen" => (ReactionAction::Reject, "bulk-afgewezen"),
        _ => {
            return Err(AppError::BadRequest(
                crate::i18n::t().moderation.unknown_action.into(),
            ));
        }
    };
    if form.ids.is_empty() {
        return Ok(Redirect::to("/moderatie?melding=niets-gekozen").into_response());
    }
    let items: Vec<(i64, Option<String>)> = form
        .ids
        .iter()
        .map(|id| (*id, form.seen.remove(id)))
        .collect();
    let changed = actions::bulk(&state.pool, user.id, &items, action, now).await?;
    if changed == 0 {
        return Ok(Redirect::to("/moderatie?melding=al-gedaan").into_response());
    }
    let to = format!("/moderatie?melding={code}");
    Ok(crate::article::cache::changed(
        Redirect::to(&to).into_response(),
    ))
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
                    return Ok(outcome.mark(Redirect::to(&target).into_response()));
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
