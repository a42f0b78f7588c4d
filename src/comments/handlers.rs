//! Handlers for posting, editing and deleting reactions.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Compose, EDIT_WINDOW_SECS, markdown, queries, validate_body};
use crate::accounts::{self, CurrentUser, Draft, MaybeSession};
use crate::app::AppState;
use crate::article::{self, Article};
use crate::error::{AppError, Result};
use crate::form::{AppForm, parse_id};

/// The reaction form: a body and, for a reply, the reaction it answers.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReactionForm {
    body: String,
    parent_id: String,
}

/// The edit form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditForm {
    body: String,
}

fn find_article(state: &AppState, slug: &str) -> Result<Arc<Article>> {
    state.articles.get(slug).cloned().ok_or(AppError::NotFound)
}

/// POST /{slug}/reacties
pub async fn create_reaction(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    Path(slug): Path<String>,
    AppForm(form): AppForm<ReactionForm>,
) -> Result<Response> {
    let article = find_article(&state, &slug)?;
    let parent_id = parse_id(&form.parent_id);
    let Some(session) = session else {
        let draft = Draft {
            slug: article.slug.clone(),
            parent_id,
            body: form.body,
        };
        return accounts::join_page(&draft, &format!("/{}", article.slug));
    };
    let reject = |message: String| {
        let compose = Compose {
            body: form.body.clone(),
            error: Some(message),
            from_draft: false,
        };
        article::render_with_compose(&state, &session, &article, parent_id, compose)
    };
    if !form.parent_id.trim().is_empty() {
        let parent = match parent_id {
            Some(id) => queries::find(&state.pool, id).await?,
            None => None,
        };
        let answerable = parent
            .as_ref()
            .is_some_and(|p| p.article_slug == article.slug && p.status == "approved");
        if !answerable {
            // Show the text in the main form: there is no reply form to put it in.
            let compose = Compose {
                body: form.body.clone(),
                error: Some("De reactie waarop je wilde reageren bestaat niet (meer). Je tekst staat hieronder; je kunt hem als gewone reactie plaatsen.".into()),
                from_draft: false,
            };
            return article::render_with_compose(&state, &session, &article, None, compose).await;
        }
    }
    let body = match validate_body(&form.body) {
        Ok(body) => body,
        Err(message) => return reject(message).await,
    };
    let html = markdown::render(&body);
    let now = state.now_unix();
    let id = queries::insert(
        &state.pool,
        &article.slug,
        session.user.id,
        parent_id,
        &body,
        &html,
        now,
    )
    .await?;
    accounts::queries::clear_draft(&state.pool, &session.token_hash).await?;
    Ok(Redirect::to(&format!("/{}?geplaatst={id}#reactie-{id}", article.slug)).into_response())
}

/// Loads a reaction the current user may change: their own and not deleted.
async fn own_reaction(
    state: &AppState,
    user: &CurrentUser,
    raw_id: &str,
) -> Result<queries::Reaction> {
    let id = parse_id(raw_id).ok_or(AppError::NotFound)?;
    let reaction = queries::find(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if reaction.status == "deleted" {
        return Err(AppError::NotFound);
    }
    if reaction.user_id != user.id {
        return Err(AppError::Forbidden(
            "Je kunt alleen je eigen reacties bewerken of verwijderen.".into(),
        ));
    }
    Ok(reaction)
}

fn check_edit_window(state: &AppState, reaction: &queries::Reaction) -> Result<()> {
    if state.now_unix() - reaction.created_at > EDIT_WINDOW_SECS {
        return Err(AppError::Forbidden(
            "Een reactie kun je tot 15 minuten na het plaatsen bewerken; die tijd is voorbij. Verwijderen kan nog wel.".into(),
        ));
    }
    Ok(())
}

#[derive(Template)]
#[template(path = "comments/edit.html")]
struct EditPage<'a> {
    user: Option<CurrentUser>,
    id: i64,
    slug: &'a str,
    title: &'a str,
    body: &'a str,
    error: Option<&'a str>,
}

fn render_edit(
    status: StatusCode,
    user: CurrentUser,
    reaction: &queries::Reaction,
    article: &Article,
    body: &str,
    error: Option<&str>,
) -> Result<Response> {
    let page = EditPage {
        user: Some(user),
        id: reaction.id,
        slug: &article.slug,
        title: &article.title,
        body,
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// GET /reacties/{id}/bewerken
pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response> {
    let reaction = own_reaction(&state, &user, &id).await?;
    check_edit_window(&state, &reaction)?;
    let article = find_article(&state, &reaction.article_slug)?;
    render_edit(
        StatusCode::OK,
        user,
        &reaction,
        &article,
        &reaction.body_source,
        None,
    )
}

/// POST /reacties/{id}/bewerken
pub async fn update_reaction(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    AppForm(form): AppForm<EditForm>,
) -> Result<Response> {
    let reaction = own_reaction(&state, &user, &id).await?;
    check_edit_window(&state, &reaction)?;
    let article = find_article(&state, &reaction.article_slug)?;
    let body = match validate_body(&form.body) {
        Ok(body) => body,
        Err(message) => {
            return render_edit(
                StatusCode::UNPROCESSABLE_ENTITY,
                user,
                &reaction,
                &article,
                &form.body,
                Some(&message),
            );
        }
    };
    let html = markdown::render(&body);
    queries::update_body(&state.pool, reaction.id, &body, &html, state.now_unix()).await?;
    let id = reaction.id;
    Ok(Redirect::to(&format!("/{}?bewerkt={id}#reactie-{id}", article.slug)).into_response())
}

#[derive(Template)]
#[template(path = "comments/delete.html")]
struct DeletePage<'a> {
    user: Option<CurrentUser>,
    id: i64,
    slug: &'a str,
    title: &'a str,
}

/// GET /reacties/{id}/verwijderen: asks for confirmation.
pub async fn delete_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response> {
    let reaction = own_reaction(&state, &user, &id).await?;
    let article = find_article(&state, &reaction.article_slug)?;
    let page = DeletePage {
        user: Some(user),
        id: reaction.id,
        slug: &article.slug,
        title: &article.title,
    };
    Ok(Html(page.render()?).into_response())
}

/// POST /reacties/{id}/verwijderen
pub async fn delete_reaction(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response> {
    let reaction = own_reaction(&state, &user, &id).await?;
    queries::mark_deleted(&state.pool, reaction.id, state.now_unix()).await?;
    Ok(Redirect::to(&format!("/{}?verwijderd=1#reacties", reaction.article_slug)).into_response())
}
