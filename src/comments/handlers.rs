//! Handlers for posting, editing and deleting reactions.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Compose, EDIT_WINDOW_SECS, Place, markdown, queries, validate_body, writer};
use crate::accounts::{self, CurrentUser, Draft, MaybeSession, Session, username};
use crate::app::AppState;
use crate::article::{self, Article};
use crate::error::{AppError, Result};
use crate::form::{AppForm, parse_id};
use crate::limits::{self, ClientIp};
use crate::moderation::{
    self,
    policy::{self, Decision, Writer},
};
use crate::security::FormCheck;

/// The reaction form: a body and, for a reply, the reaction it answers; a
/// guest also gives a name.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReactionForm {
    body: String,
    parent_id: String,
    name: String,
    /// Honeypot: people leave it empty, because they never see it.
    website: String,
    formulier_tijd: String,
    /// "voorbeeld": show the text rendered instead of posting it.
    actie: String,
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

/// Who is posting.
enum Poster<'a> {
    Reader(&'a Session),
    Guest(String),
}

/// POST /{slug}/reacties
pub async fn create_reaction(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    client: ClientIp,
    Path(slug): Path<String>,
    AppForm(form): AppForm<ReactionForm>,
) -> Result<Response> {
    let article = find_article(&state, &slug)?;
    let policy = state.policy.get(&state.pool).await?;
    let settings = &policy.settings;
    if moderation::article_closed(&state, &article, &policy) {
        return Err(AppError::Forbidden(
            "De reacties bij dit artikel zijn gesloten; er kan niet meer gereageerd worden.".into(),
        ));
    }
    let parent_id = parse_id(&form.parent_id);
    if form.actie == "voorbeeld" {
        // The preview without JavaScript: the page again, the text intact and rendered.
        let compose = Compose {
            body: form.body.clone(),
            guest_name: form.name.clone(),
            preview: Some(markdown::render(&crate::text::clean(&form.body))),
            ..Compose::default()
        };
        return article::render_with_compose(
            &state,
            session.as_ref(),
            &article,
            parent_id,
            compose,
            StatusCode::OK,
        )
        .await;
    }
    let refuse = |reply_to: Option<i64>, message: String| {
        let compose = Compose {
            body: form.body.clone(),
            guest_name: form.name.clone(),
            error: Some(message),
            ..Compose::default()
        };
        article::render_with_compose(
            &state,
            session.as_ref(),
            &article,
            reply_to,
            compose,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let poster = match &session {
        Some(session) => {
            session.user.ensure_not_banned()?;
            Poster::Reader(session)
        }
        None if settings.guests_allowed && !form.name.trim().is_empty() => {
            match guest_name(&state, &form.name).await? {
                Ok(name) => Poster::Guest(name),
                Err(message) => return refuse(parent_id, message.into()).await,
            }
        }
        None => {
            let draft = Draft {
                slug: article.slug.clone(),
                parent_id,
                body: form.body,
            };
            return accounts::join_page(&state, &draft, &format!("/{}", article.slug));
        }
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
            // The text goes into the main form: there is no reply form to put it in.
            return refuse(None, "De reactie waarop je wilde reageren bestaat niet (meer). Je tekst staat hieronder; je kunt hem als gewone reactie plaatsen.".into()).await;
        }
        if let Some(parent) = parent
            && queries::thread_locked(&state.pool, parent.id).await?
        {
            return refuse(None, "Onder deze reactie kan niet meer gereageerd worden: de auteur heeft de draad gesloten. Je tekst staat hieronder.".into()).await;
        }
    }
    let body = match validate_body(&form.body) {
        Ok(body) => body,
        Err(message) => return refuse(parent_id, message).await,
    };
    let now = state.now_unix();
    match state.key.check_form(
        &form.formulier_tijd,
        &form.website,
        now,
        state.config.min_fill_secs,
    ) {
        FormCheck::Ok => {}
        // Looks like a reaction waiting for approval; nothing is stored.
        FormCheck::Bot => {
            return Ok(Redirect::to(&format!("/{}?wacht=1#reageer", article.slug)).into_response());
        }
        FormCheck::TooFast => {
            return refuse(
                parent_id,
                "Dat ging wat snel. Kijk je reactie na en klik nog eens op Plaatsen.".into(),
            )
            .await;
        }
    }
    let user_id = match &poster {
        Poster::Reader(session) => Some(session.user.id),
        Poster::Guest(_) => None,
    };
    state
        .limits
        .check_post(user_id, &limits::client_key(&state, client))?;
    let writer = match &poster {
        Poster::Guest(_) => Writer::Guest,
        Poster::Reader(session) if session.user.is_author() => Writer::Author,
        Poster::Reader(session) => Writer::Reader {
            trusted: session.user.trusted,
            shadowbanned: session.user.shadowbanned,
            // Only the "first reaction" rule needs this count; skip the query otherwise.
            approved_count: if settings.premoderation == policy::Premoderation::FirstReaction
                && !session.user.trusted
            {
                moderation::queries::approved_count(&state.pool, session.user.id).await?
            } else {
                1
            },
            account_age_secs: now - session.user.created_at,
        },
    };
    let (status, held_reason) = match policy::decide(settings, writer, &body) {
        Decision::Publish => ("approved", None),
        Decision::Hold(reason) => ("pending", Some(reason)),
        Decision::Shadow => ("shadow", None),
        Decision::Block => {
            return refuse(
                parent_id,
                "Deze reactie kunnen we zo niet plaatsen. Pas je tekst aan en probeer het opnieuw."
                    .into(),
            )
            .await;
        }
    };
    let html = markdown::render(&body);
    let guest = match &poster {
        Poster::Reader(_) => None,
        Poster::Guest(name) => Some(name.as_str()),
    };
    let new = writer::NewReaction {
        slug: article.slug.clone(),
        user_id,
        guest_name: guest.map(str::to_owned),
        parent_id,
        body_hash: writer::body_hash(&body),
        source: body,
        html,
        status,
        held_reason,
        created_at: now,
        draft_of: match &poster {
            Poster::Reader(session) => Some(session.token_hash.clone()),
            Poster::Guest(_) => None,
        },
    };
    let id = match state.writer.insert(new).await? {
        writer::Stored::Id(id) => id,
        writer::Stored::Duplicate => {
            return refuse(parent_id, "Deze tekst heb je net al geplaatst.".into()).await;
        }
    };
    let slug = &article.slug;
    let anchor = format!("reactie-{id}");
    let place = if parent_id.is_none() {
        Place::NewestThread
    } else {
        Place::Anywhere
    };
    let target = match (status, &poster) {
        ("pending", Poster::Guest(_)) => format!("/{slug}?wacht=gast#reageer"),
        ("pending", _) => {
            super::reaction_url(&state, slug, id, &format!("wacht={id}"), &anchor, place).await?
        }
        _ => {
            super::reaction_url(&state, slug, id, &format!("geplaatst={id}"), &anchor, place)
                .await?
        }
    };
    Ok(Redirect::to(&target).into_response())
}

/// The preview form field.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PreviewForm {
    body: String,
}

/// POST /voorbeeld: a reaction's text rendered as it would appear, for the
/// preview that the enhancement script shows beside the form.
pub async fn preview_reaction(AppForm(form): AppForm<PreviewForm>) -> Response {
    // Sanitised by ammonia, as every stored reaction is.
    let html = markdown::render(&crate::text::clean(&form.body));
    (
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Html(html),
    )
        .into_response()
}

/// Checks a guest's name: the username rules, and not the name (or a look-alike)
/// of an account.
async fn guest_name(state: &AppState, raw: &str) -> Result<Result<String, &'static str>> {
    let name = match username::parse(raw) {
        Ok(name) => name,
        Err(message) => return Ok(Err(message)),
    };
    let authors = accounts::queries::author_names(&state.pool).await?;
    if username::impersonates(&name.display, &authors)
        || accounts::queries::key_taken(&state.pool, &name.key).await?
    {
        return Ok(Err(
            "Deze naam hoort bij een account. Log in als dat jouw account is, of kies een andere naam.",
        ));
    }
    Ok(Ok(name.display))
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
    if reaction.user_id != Some(user.id) {
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
    user.ensure_not_banned()?;
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
    user.ensure_not_banned()?;
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
    let now = state.now_unix();
    let mut tx = state.pool.begin().await?;
    moderation::queries::save_revision(
        &mut tx,
        reaction.id,
        &reaction.body_source,
        user.id,
        None,
        now,
    )
    .await?;
    moderation::queries::set_body(&mut tx, reaction.id, &body, &html, now).await?;
    tx.commit().await?;
    let id = reaction.id;
    let target = super::reaction_url(
        &state,
        &article.slug,
        id,
        &format!("bewerkt={id}"),
        &format!("reactie-{id}"),
        Place::Anywhere,
    )
    .await?;
    Ok(Redirect::to(&target).into_response())
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
