//! Posting a reaction or a reply: every check between the form and the writer,
//! returned as a typed outcome the handler only has to render.

use super::model::{ReactionBody, ReactionStatus};
use super::paging::{Place, reaction_url};
use super::rendering;
use super::store::{self, NewReaction};
use super::writer::{NotSaved, Stored};
use crate::accounts::model::{Ban, CurrentUser, Draft, Session};
use crate::accounts::{username, users};
use crate::article::content::Article;
use crate::error::{AppError, FormRefusal, Result};
use crate::http::id::parse_id;
use crate::policy::cache::Policy;
use crate::policy::rules::{self, Decision, Premoderation, Writer};
use crate::security::FormCheck;
use crate::state::AppState;

/// What the reaction form sent.
#[derive(Debug)]
pub struct Submission<'a> {
    pub article: &'a Article,
    pub session: Option<&'a Session>,
    /// The client's daily key, for the per-client rate limit.
    pub client_key: &'a str,
    pub body: &'a str,
    /// The reaction answered, as typed in the hidden field.
    pub parent: &'a str,
    /// A guest's name, when guests may react.
    pub guest_name: &'a str,
    /// The number of the article's reason it is about, as chosen (empty: none).
    pub reason: &'a str,
    /// The signed moment the form was shown, and the honeypot.
    pub form_token: &'a str,
    pub website: &'a str,
}

/// What became of a submission.
#[derive(Debug)]
pub enum PostOutcome {
    /// Stored (published, held or shadowed): go here. `public` when everyone
    /// sees it (the anonymous page changed).
    Stored { target: String, public: bool },
    /// Refused with a Dutch message (and status); the text goes back into the
    /// form that answers `reply_to` (the main form when `None`).
    Refused {
        reply_to: Option<i64>,
        refusal: FormRefusal,
    },
    /// Not stored: the database could not take it (a full disk, say). The Dutch
    /// message and the text go back into the form, as with `Refused`.
    NotSaved {
        reply_to: Option<i64>,
        message: String,
    },
    /// An anonymous reader: log in or register first, the text kept as a draft.
    NeedsLogin(Draft),
    /// A bot: shown what looks like a held reaction; nothing stored.
    Bot { target: String },
    /// The article takes no reactions (any more); the text stays on the page.
    Closed { message: String },
}

/// Who is posting.
enum Poster<'a> {
    Reader(&'a Session),
    Guest(String),
}

/// The neutral refusal of a text with a blocked word (it does not say which).
pub fn blocked() -> &'static str {
    crate::i18n::t().messages.blocked
}

fn refused(reply_to: Option<i64>, message: &str) -> PostOutcome {
    PostOutcome::Refused {
        reply_to,
        refusal: FormRefusal::invalid(message),
    }
}

fn closed() -> &'static str {
    crate::i18n::t().messages.closed
}

/// Refuses new reactions on a closed article.
pub fn ensure_open(policy: &Policy, article: &Article, now: i64) -> Result<()> {
    if policy.is_closed(article, now) {
        return Err(AppError::Forbidden(closed().into()));
    }
    Ok(())
}

/// Runs every check and hands the reaction to the writer.
pub async fn submit(state: &AppState, s: &Submission<'_>) -> Result<PostOutcome> {
    let policy = state.policy.get(&state.pool).await?;
    let now = state.now_unix();
    if policy.is_closed(s.article, now) {
        return Ok(PostOutcome::Closed {
            message: closed().into(),
        });
    }
    let parent_id = parse_id(s.parent);
    let poster = match poster(state, &policy, s).await? {
        Ok(poster) => poster,
        Err(outcome) => return Ok(outcome),
    };
    if !s.parent.trim().is_empty()
        && let Some(message) = parent_problem(state, s.article, parent_id).await?
    {
        // The text goes into the main form: there is no reply form to put it in.
        return Ok(refused(None, message));
    }
    let (body, reason) = match checked_text(s, parent_id) {
        Ok(checked) => checked,
        Err(outcome) => return Ok(outcome),
    };
    if let Some(outcome) = form_check(state, s, parent_id, now) {
        return Ok(outcome);
    }
    let user_id = match &poster {
        Poster::Reader(session) => Some(session.user.id),
        Poster::Guest(_) => None,
    };
    state.limits.check_post(user_id, s.client_key)?;
    let writer = writer_kind(state, &policy, &poster, now).await?;
    // Rendered before the rules look at its links, on the rendering threads.
    let html = match rendering::render_reaction(&state.rendering, &body).await {
        Ok(html) => html,
        Err(e) => {
            return Ok(PostOutcome::Refused {
                reply_to: parent_id,
                refusal: e.into_form_refusal()?,
            });
        }
    };
    let (status, held_reason) = match rules::decide(&policy.settings, writer, body.as_str(), &html)
    {
        Decision::Publish => (ReactionStatus::Approved, None),
        Decision::Hold(reason) => (ReactionStatus::Pending, Some(reason)),
        Decision::Shadow => (ReactionStatus::Shadow, None),
        Decision::Block => return Ok(refused(parent_id, blocked())),
    };
    let new = NewReaction {
        slug: s.article.slug.clone(),
        user_id,
        guest_name: match &poster {
            Poster::Reader(_) => None,
            Poster::Guest(name) => Some(name.clone()),
        },
        parent_id,
        reason,
        html,
        source: body.into_string(),
        status,
        held_reason,
        created_at: now,
        draft_of: s.session.map(|session| session.token_hash.clone()),
    };
    let id = match store_it(state, new).await? {
        Ok(id) => id,
        Err(outcome) => return Ok(outcome),
    };
    let public = status == ReactionStatus::Approved;
    let target = target(
        state,
        s.article,
        id,
        parent_id,
        status,
        matches!(poster, Poster::Guest(_)),
    )
    .await?;
    Ok(PostOutcome::Stored { target, public })
}

/// The text as typed and the reason it names, or the refusal.
fn checked_text(
    s: &Submission<'_>,
    parent_id: Option<i64>,
) -> std::result::Result<(ReactionBody, Option<i64>), PostOutcome> {
    let body = ReactionBody::parse(s.body).map_err(|message| refused(parent_id, &message))?;
    // A reply is about what it answers; only a new thread names a reason.
    let reason = match (parent_id, about_reason(s.article, s.reason)) {
        (Some(_), _) => None,
        (None, Ok(reason)) => reason,
        (None, Err(message)) => return Err(refused(None, message)),
    };
    Ok((body, reason))
}

/// The reason a new reaction names: none, or one of the article's reasons.
fn about_reason(article: &Article, raw: &str) -> std::result::Result<Option<i64>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i64>()
        .ok()
        .filter(|n| article.reasons().any(|r| r.number == *n))
        .map(Some)
        .ok_or(crate::i18n::t().messages.choose_reason)
}

/// The honeypot and fill time: `Some` outcome when the form is refused.
fn form_check(
    state: &AppState,
    s: &Submission<'_>,
    parent_id: Option<i64>,
    now: i64,
) -> Option<PostOutcome> {
    match state
        .key
        .check_form(s.form_token, s.website, now, state.config.min_fill_secs)
    {
        FormCheck::Ok => None,
        FormCheck::Bot => Some(PostOutcome::Bot {
            target: format!("/{}?wacht=1#reageer", s.article.slug),
        }),
        FormCheck::TooFast => Some(refused(parent_id, crate::i18n::t().messages.post_too_fast)),
    }
}

/// Hands the reaction to the writer: its id once committed, or the outcome
/// that tells the reader why not.
async fn store_it(
    state: &AppState,
    new: NewReaction,
) -> Result<std::result::Result<i64, PostOutcome>> {
    let parent_id = new.parent_id;
    Ok(match state.writer.insert(new).await {
        Ok(Stored::Id(id)) => Ok(id),
        Ok(Stored::Duplicate) => Err(refused(parent_id, crate::i18n::t().messages.duplicate)),
        // The ban landed while the reaction was on its way.
        Ok(Stored::Banned) => return Err(AppError::Forbidden(Ban::default().message())),
        Err(NotSaved) => Err(PostOutcome::NotSaved {
            reply_to: parent_id,
            message: crate::i18n::t().messages.not_saved.into(),
        }),
    })
}

/// The reader posting, a guest with a valid name, or the outcome that stops here.
async fn poster<'a>(
    state: &AppState,
    policy: &Policy,
    s: &Submission<'a>,
) -> Result<std::result::Result<Poster<'a>, PostOutcome>> {
    if let Some(session) = s.session {
        session.user.ensure_not_banned()?;
        return Ok(Ok(Poster::Reader(session)));
    }
    if policy.settings.guests_allowed && !s.guest_name.trim().is_empty() {
        return Ok(match guest_name(state, s.guest_name).await? {
            Ok(name) => Ok(Poster::Guest(name)),
            Err(message) => Err(refused(parse_id(s.parent), message)),
        });
    }
    Ok(Err(PostOutcome::NeedsLogin(Draft {
        slug: s.article.slug.clone(),
        parent_id: parse_id(s.parent),
        reason: s.reason.trim().parse().ok(),
        body: s.body.to_owned(),
    })))
}

/// Checks a guest's name: the username rules, not a reserved word or an
/// article author's name, and not the name (or a look-alike) of any account.
async fn guest_name(
    state: &AppState,
    raw: &str,
) -> Result<std::result::Result<String, &'static str>> {
    let display = match username::parse_display(raw) {
        Ok(display) => display,
        Err(message) => return Ok(Err(message)),
    };
    let name = username::Username {
        key: username::key(&display),
        skeletons: username::skeletons(&display),
        display,
    };
    if users::name_taken(&state.pool, &name).await? {
        return Ok(Err(crate::i18n::t().messages.guest_name_account));
    }
    let authors = state.articles.all().iter().map(|a| a.author.as_str());
    if username::is_reserved(&name, authors) {
        return Ok(Err(crate::i18n::t().messages.name_reserved));
    }
    Ok(Ok(name.display))
}

/// Why a reply cannot go under the reaction it names, if it cannot.
async fn parent_problem(
    state: &AppState,
    article: &Article,
    parent_id: Option<i64>,
) -> Result<Option<&'static str>> {
    let parent = match parent_id {
        Some(id) => store::find(&state.pool, id).await?,
        None => None,
    };
    let Some(parent) =
        parent.filter(|p| p.article_slug == article.slug && p.status == ReactionStatus::Approved)
    else {
        return Ok(Some(crate::i18n::t().messages.parent_gone));
    };
    if store::thread_locked(&state.pool, parent.id).await? {
        return Ok(Some(crate::i18n::t().messages.thread_locked));
    }
    Ok(None)
}

/// Who is writing, as the policy rules see them.
async fn writer_kind(
    state: &AppState,
    policy: &Policy,
    poster: &Poster<'_>,
    now: i64,
) -> Result<Writer> {
    match poster {
        Poster::Reader(session) => account_writer(state, policy, &session.user, now).await,
        Poster::Guest(_) => Ok(Writer::Guest),
    }
}

/// An account as the policy rules see it (for new reactions and for edits).
pub async fn account_writer(
    state: &AppState,
    policy: &Policy,
    user: &CurrentUser,
    now: i64,
) -> Result<Writer> {
    if user.is_author() {
        return Ok(Writer::Author);
    }
    // Only the "first reaction" rule needs this count; skip the query otherwise.
    let approved_count =
        if policy.settings.premoderation == Premoderation::FirstReaction && !user.trusted {
            store::approved_count(&state.pool, user.id).await?
        } else {
            1
        };
    Ok(Writer::Reader {
        trusted: user.trusted,
        shadowbanned: user.shadowbanned,
        approved_count,
        account_age_secs: now - user.created_at,
    })
}

/// Where the writer lands after posting: at their reaction, with a notice.
async fn target(
    state: &AppState,
    article: &Article,
    id: i64,
    parent_id: Option<i64>,
    status: ReactionStatus,
    guest: bool,
) -> Result<String> {
    let slug = &article.slug;
    if guest && status == ReactionStatus::Pending {
        return Ok(format!("/{slug}?wacht=gast#reageer"));
    }
    let param = if status == ReactionStatus::Pending {
        format!("wacht={id}")
    } else {
        format!("geplaatst={id}")
    };
    let place = if parent_id.is_none() {
        Place::NewestThread
    } else {
        Place::Anywhere
    };
    let anchor = format!("reactie-{id}");
    reaction_url(&state.pool, &state.paged, slug, id, &param, &anchor, place).await
}
