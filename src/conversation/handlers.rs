//! Handlers for a stance on a reason and for appreciating a reaction. Both need
//! an account (guests are sent to log in) and refuse banned readers; both are
//! idempotent, so a double submit changes nothing the second time.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::appreciation;
use super::order::Order;
use super::stances::{Applied, Choice, StanceChange};
use crate::accounts::extract::MaybeSession;
use crate::accounts::model::{Ban, CurrentUser, Session};
use crate::comments::paging::reaction_url_in;
use crate::error::{AppError, Result};
use crate::http::form::AppForm;
use crate::http::id::PathId;
use crate::state::AppState;

/// The stance form: `keuze` is `ja`, `nee` or `geen` (take it back).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct StanceForm {
    keuze: String,
}

/// The article and reason number in `/{slug}/redenen/{number}`, if both exist.
fn find_reason(state: &AppState, slug: &str, number: &str) -> Result<i64> {
    let article = state.articles.get(slug).ok_or(AppError::NotFound)?;
    number
        .parse::<i64>()
        .ok()
        .filter(|n| article.reason(*n).is_some())
        .ok_or(AppError::NotFound)
}

/// GET /{slug}/redenen/{number}: where logging in to vote comes back to.
pub(crate) async fn to_reason(
    State(state): State<AppState>,
    Path((slug, number)): Path<(String, String)>,
) -> Result<Response> {
    let number = find_reason(&state, &slug, &number)?;
    Ok(Redirect::to(&format!("/{slug}#stem-{number}")).into_response())
}

/// POST /{slug}/redenen/{number}
pub(crate) async fn set_stance(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, number)): Path<(String, String)>,
    AppForm(form): AppForm<StanceForm>,
) -> Result<Response> {
    let number = find_reason(&state, &slug, &number)?;
    user.ensure_not_banned()?;
    let choice =
        match form.keuze.trim() {
            "geen" => None,
            raw => Some(Choice::parse(raw).ok_or_else(|| {
                AppError::BadRequest(crate::i18n::t().messages.choose_stance.into())
            })?),
        };
    let change = StanceChange {
        slug: slug.clone(),
        reason: number,
        user_id: user.id,
        choice,
        at: state.now_unix(),
    };
    match state.writer.stance(change).await {
        Ok(Applied::Done) => {}
        // The ban landed between the check above and the commit.
        Ok(Applied::Banned) => return Err(AppError::Forbidden(Ban::default().message())),
        Err(_) => return Err(AppError::Unavailable),
    }
    // Tallies are on the cached page: retired within a second, once per burst.
    state.cache.bump_soon();
    state.instances.note(crate::change::Change::PAGES_SOON);
    Ok(Redirect::to(&format!("/{slug}#stem-{number}")).into_response())
}

/// The appreciation form: `waardeer` is `ja` (appreciate) or `nee` (take it back).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AppreciateForm {
    waardeer: String,
}

/// GET /reacties/{id} (and /waarderen, where logging in to appreciate comes back
/// to): the page that shows a public reaction.
pub(crate) async fn to_reaction(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    PathId(id): PathId,
) -> Result<Response> {
    let slug = sqlx::query_scalar!(
        "SELECT article_slug FROM reactions WHERE id = $1 AND status = 'approved'",
        id
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let order = session.as_ref().and_then(|s| s.order).unwrap_or_default();
    link_to(&state, order, &slug, id).await
}

/// To the page that shows the reaction in the order this reader reads in (the
/// session's, which came with the session), so it is there however the
/// threads are sorted.
async fn link_to(state: &AppState, order: Order, slug: &str, id: i64) -> Result<Response> {
    let now = state.now_unix();
    let url = reaction_url_in(&state.pool, &state.paged, slug, id, order, now).await?;
    Ok(Redirect::to(&url).into_response())
}

/// POST /reacties/{id}/waarderen
pub(crate) async fn appreciate_reaction(
    State(state): State<AppState>,
    session: Session,
    PathId(id): PathId,
    AppForm(form): AppForm<AppreciateForm>,
) -> Result<Response> {
    let user = &session.user;
    user.ensure_not_banned()?;
    let on = match form.waardeer.trim() {
        "ja" => true,
        "nee" => false,
        _ => {
            return Err(AppError::BadRequest(
                crate::i18n::t().messages.choose_appreciation.into(),
            ));
        }
    };
    let change = appreciation::Appreciation {
        user_id: user.id,
        reaction_id: id,
        on,
        at: state.now_unix(),
    };
    let done = match state.writer.appreciate(change).await {
        Ok(Ok(done)) => done,
        Ok(Err(why)) => return Err(why.into()),
        Err(_) => return Err(AppError::Unavailable),
    };
    state.cache.bump_soon();
    state.instances.note(crate::change::Change::PAGES_SOON);
    link_to(&state, session.order.unwrap_or_default(), &done.slug, id).await
}
