//! Handlers for posting, previewing, editing and deleting reactions.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::edit::{self, EditOutcome};
use super::post::{self, PostOutcome, Submission};
use super::preview::{self, Preview};
use super::section::Compose;
use crate::accounts::extract::MaybeSession;
use crate::accounts::handlers::join_page;
use crate::accounts::model::{CurrentUser, Session};
use crate::article::cache::changed;
use crate::article::content::Article;
use crate::article::page::render_with_compose;
use crate::error::{AppError, Result};
use crate::http::client::ClientIp;
use crate::http::form::AppForm;
use crate::http::id::{PathId, parse_id};
use crate::layout::Layout;
use crate::state::AppState;

/// The reaction form: a body and, for a reply, the reaction it answers; a
/// guest also gives a name.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ReactionForm {
    body: String,
    parent_id: String,
    name: String,
    /// The number of the reason it is about (empty: the article as a whole).
    reden: String,
    /// Honeypot: people leave it empty, because they never see it.
    website: String,
    formulier_tijd: String,
    /// "voorbeeld": show the text rendered instead of posting it.
    actie: String,
}

fn find_article(state: &AppState, slug: &str) -> Result<Arc<Article>> {
    state.articles.find(slug)
}

/// POST /{slug}/reacties
pub(crate) async fn create_reaction(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    client: ClientIp,
    Path(slug): Path<String>,
    AppForm(form): AppForm<ReactionForm>,
) -> Result<Response> {
    let article = find_article(&state, &slug)?;
    let client_key = client.key(&state);
    if form.actie == "voorbeeld" {
        return preview_in_page(&state, session.as_ref(), &client_key, &article, &form).await;
    }
    let submission = Submission {
        article: &article,
        session: session.as_ref(),
        client_key: &client_key,
        body: &form.body,
        parent: &form.parent_id,
        guest_name: &form.name,
        reason: &form.reden,
        form_token: &form.formulier_tijd,
        website: &form.website,
    };
    let outcome = match post::submit(&state, &submission).await {
        Ok(outcome) => outcome,
        // A rate limit or a failure to store: the text goes back into its form.
        Err(
            error @ (AppError::TooMany { .. }
            | AppError::Database(_)
            | AppError::Internal(_)
            | AppError::Unavailable),
        ) => {
            return refusal_in_page(&state, session.as_ref(), &article, &form, &error).await;
        }
        Err(error) => return Err(error),
    };
    match outcome {
        PostOutcome::Stored { target, public } => {
            let response = Redirect::to(&target).into_response();
            Ok(if public { changed(response) } else { response })
        }
        PostOutcome::Bot { target } => Ok(Redirect::to(&target).into_response()),
        PostOutcome::Refused { reply_to, refusal } => {
            let compose = form.compose(Some(refusal.message.clone()), None);
            let status = refusal.status;
            let page = render_with_compose(
                &state,
                session.as_ref(),
                &article,
                reply_to,
                compose,
                status,
            );
            Ok(refusal.apply(page.await?))
        }
        PostOutcome::Closed { message } => {
            let compose = form.compose(Some(message), None);
            let reply_to = parse_id(&form.parent_id);
            let status = StatusCode::FORBIDDEN;
            render_with_compose(
                &state,
                session.as_ref(),
                &article,
                reply_to,
                compose,
                status,
            )
            .await
        }
        PostOutcome::NotSaved { reply_to, message } => {
            let compose = form.compose(Some(message), None);
            let status = StatusCode::SERVICE_UNAVAILABLE;
            render_with_compose(
                &state,
                session.as_ref(),
                &article,
                reply_to,
                compose,
                status,
            )
            .await
        }
        PostOutcome::NeedsLogin(draft) => join_page(&state, &draft, &format!("/{}", article.slug)),
    }
}

impl ReactionForm {
    /// The form's text as it goes back into the page.
    fn compose(&self, error: Option<String>, preview: Option<String>) -> Compose {
        Compose {
            body: self.body.clone(),
            guest_name: self.name.clone(),
            reason: self.reden.trim().to_owned(),
            error,
            preview,
            ..Compose::default()
        }
    }
}

/// A refusal that arrived as an error (a rate limit, a closed article, a failure
/// to store): the page again with the text in its form and the reason above it.
async fn refusal_in_page(
    state: &AppState,
    session: Option<&Session>,
    article: &Article,
    form: &ReactionForm,
    error: &AppError,
) -> Result<Response> {
    let (status, message) = error.for_form();
    let compose = form.compose(Some(message), None);
    let reply_to = parse_id(&form.parent_id);
    let mut response =
        render_with_compose(state, session, article, reply_to, compose, status).await?;
    error.set_retry_after(&mut response);
    Ok(response)
}

/// The preview without JavaScript: the page again, the text intact and
/// rendered, or with the reason there is no preview.
async fn preview_in_page(
    state: &AppState,
    session: Option<&Session>,
    client_key: &str,
    article: &Article,
    form: &ReactionForm,
) -> Result<Response> {
    let policy = state.policy.get(&state.pool).await?;
    post::ensure_open(&policy, article, state.now_unix())?;
    let reply_to = parse_id(&form.parent_id);
    match preview::preview(state, client_key, &form.body).await? {
        Preview::Rendered(html) => {
            let compose = form.compose(None, Some(html));
            render_with_compose(state, session, article, reply_to, compose, StatusCode::OK).await
        }
        Preview::Refused(refusal) => {
            let compose = form.compose(Some(refusal.message.clone()), None);
            let page =
                render_with_compose(state, session, article, reply_to, compose, refusal.status);
            Ok(refusal.apply(page.await?))
        }
    }
}

/// GET /{slug}/reacties: the address a refused post leaves in the address bar
/// (reloaded or shared) leads to the article's reactions.
pub(crate) async fn to_reactions(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response> {
    let article = find_article(&state, &slug)?;
    Ok(Redirect::to(&format!("/{}#reacties", article.slug)).into_response())
}

/// The preview form field.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PreviewForm {
    body: String,
}

/// POST /voorbeeld: a reaction's text rendered as it would appear, for the
/// preview that the enhancement script shows beside the form. A refusal is
/// its Dutch message as plain text, with its status (and Retry-After).
pub(crate) async fn preview_reaction(
    State(state): State<AppState>,
    client: ClientIp,
    AppForm(form): AppForm<PreviewForm>,
) -> Result<Response> {
    let no_store = (CACHE_CONTROL, "no-store");
    Ok(
        match preview::preview(&state, &client.key(&state), &form.body).await? {
            // Sanitised by ammonia, as every stored reaction is.
            Preview::Rendered(html) => ([no_store], Html(html)).into_response(),
            Preview::Refused(refusal) => {
                let text = [(CONTENT_TYPE, "text/plain; charset=utf-8"), no_store];
                refusal.apply((text, refusal.message.clone()).into_response())
            }
        },
    )
}

#[derive(Template)]
#[template(path = "comments/edit.html")]
struct EditPage<'a> {
    layout: Layout,
    id: i64,
    slug: &'a str,
    title: &'a str,
    body: &'a str,
    error: Option<&'a str>,
    /// The 15 minutes are over: the text can still be posted as a new reaction.
    expired: bool,
    /// Whole minutes of the edit window left (rounded up).
    minutes_left: i64,
    /// The text rendered, after "Voorbeeld".
    preview: Option<String>,
}

/// GET /reacties/{id}/bewerken
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    PathId(id): PathId,
) -> Result<Response> {
    user.ensure_not_banned()?;
    let reaction = edit::own_reaction(&state, &user, id).await?;
    edit::check_edit_window(&reaction, state.now_unix())?;
    let article = find_article(&state, &reaction.article_slug)?;
    let page = EditPage {
        layout,
        id,
        slug: &article.slug,
        title: &article.title,
        // An edit waiting for approval is the writer's latest text.
        body: reaction
            .pending_source
            .as_deref()
            .unwrap_or(&reaction.body_source),
        error: None,
        expired: false,
        minutes_left: edit::minutes_left(&reaction, state.now_unix()),
        preview: None,
    };
    Ok(Html(page.render()?).into_response())
}

/// The edit form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct EditForm {
    body: String,
    /// "voorbeeld": show the text rendered instead of saving it.
    actie: String,
}

/// POST /reacties/{id}/bewerken
pub(crate) async fn update_reaction(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    client: ClientIp,
    PathId(id): PathId,
    AppForm(form): AppForm<EditForm>,
) -> Result<Response> {
    user.ensure_not_banned()?;
    let reaction = edit::own_reaction(&state, &user, id).await?;
    let article = find_article(&state, &reaction.article_slug)?;
    let minutes_left = edit::minutes_left(&reaction, state.now_unix());
    let page = |status, message: Option<String>, expired, preview| {
        let page = EditPage {
            layout,
            id,
            slug: &article.slug,
            title: &article.title,
            body: &form.body,
            error: message.as_deref(),
            expired,
            minutes_left,
            preview,
        };
        Ok::<_, AppError>((status, Html(page.render()?)).into_response())
    };
    if let Err(late) = edit::check_edit_window(&reaction, state.now_unix()) {
        // The text the reader just typed stays, with a way to post it anew.
        return page(StatusCode::FORBIDDEN, Some(late.for_form().1), true, None);
    }
    if form.actie == "voorbeeld" {
        return match preview::preview(&state, &client.key(&state), &form.body).await? {
            Preview::Rendered(html) => page(StatusCode::OK, None, false, Some(html)),
            Preview::Refused(refusal) => {
                let response = page(refusal.status, Some(refusal.message.clone()), false, None)?;
                Ok(refusal.apply(response))
            }
        };
    }
    match edit::update(&state, &user, &reaction, &form.body).await? {
        EditOutcome::Saved { target } => Ok(changed(Redirect::to(&target).into_response())),
        // A held edit leaves the public text as it was.
        EditOutcome::Held { target } => Ok(Redirect::to(&target).into_response()),
        EditOutcome::Refused(refusal) => {
            let response = page(refusal.status, Some(refusal.message.clone()), false, None)?;
            Ok(refusal.apply(response))
        }
    }
}

#[derive(Template)]
#[template(path = "comments/delete.html")]
struct DeletePage<'a> {
    layout: Layout,
    id: i64,
    slug: &'a str,
    title: &'a str,
}

/// GET /reacties/{id}/verwijderen: asks for confirmation.
pub(crate) async fn delete_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    PathId(id): PathId,
) -> Result<Response> {
    let reaction = edit::own_reaction(&state, &user, id).await?;
    let article = find_article(&state, &reaction.article_slug)?;
    let page = DeletePage {
        layout,
        id,
        slug: &article.slug,
        title: &article.title,
    };
    Ok(Html(page.render()?).into_response())
}

/// POST /reacties/{id}/verwijderen
pub(crate) async fn delete_reaction(
    State(state): State<AppState>,
    user: CurrentUser,
    PathId(id): PathId,
) -> Result<Response> {
    let reaction = edit::own_reaction(&state, &user, id).await?;
    let target = edit::delete(&state, &reaction).await?;
    Ok(changed(Redirect::to(&target).into_response()))
}
