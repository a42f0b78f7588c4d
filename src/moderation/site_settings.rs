//! The author's page about the site itself: its name, a one-line description
//! and a contact address, shown in the header, the page titles, the footer and
//! on the privacy page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::notice::NoticeQuery;
use super::store::audit::{self, AuditEntry};
use crate::accounts::extract::Author;
use crate::article::cache::changed;
use crate::error::Result;
use crate::http::form::AppForm;
use crate::http::query::LenientQuery;
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::policy::site::{self, Site};
use crate::state::AppState;

/// The form, as typed (so a mistake comes back intact).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SiteForm {
    naam: String,
    beschrijving: String,
    contact: String,
    /// `nl` or `en`.
    taal: String,
    /// `ja` when readers' browsers may choose the language.
    browsertaal: String,
}

#[derive(Template)]
#[template(path = "moderation/site.html")]
struct SitePage<'a> {
    layout: Layout,
    form: &'a SiteForm,
    errors: Vec<String>,
    notice: Option<&'static str>,
    /// The name shown while the field is empty.
    fallback: String,
}

fn render(
    layout: Layout,
    form: &SiteForm,
    errors: Vec<String>,
    notice: Option<&'static str>,
    fallback: String,
) -> Result<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = SitePage {
        layout,
        form,
        errors,
        notice,
        fallback,
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn fallback(state: &AppState) -> String {
    state
        .articles
        .all()
        .first()
        .map_or_else(|| "Reacties".to_owned(), |a| a.author.clone())
}

/// GET /moderatie/site
pub(crate) async fn show_site(
    State(state): State<AppState>,
    Author(_): Author,
    layout: Layout,
    LenientQuery(q): LenientQuery<NoticeQuery>,
) -> Result<Response> {
    let policy = state.policy.get(&state.pool).await?;
    let form = SiteForm {
        naam: policy.site.name.clone(),
        beschrijving: policy.site.description.clone(),
        contact: policy.site.contact.clone(),
        taal: policy.site.language.code().to_owned(),
        browsertaal: if policy.site.accept_language {
            "ja".to_owned()
        } else {
            String::new()
        },
    };
    render(layout, &form, Vec::new(), q.notice(), fallback(&state))
}

/// POST /moderatie/site
pub(crate) async fn save_site(
    State(state): State<AppState>,
    Author(user): Author,
    layout: Layout,
    AppForm(form): AppForm<SiteForm>,
) -> Result<Response> {
    let mut new = match Site::parse(&form.naam, &form.beschrijving, &form.contact) {
        Ok(new) => new,
        Err(errors) => return render(layout, &form, errors, None, fallback(&state)),
    };
    // Only the two choices the form offers; anything else keeps Dutch.
    new.language = Lang::parse(&form.taal).unwrap_or_default();
    new.accept_language = form.browsertaal == "ja";
    store(&state, user.id, &new).await?;
    Ok(changed(
        Redirect::to("/moderatie/site?melding=site").into_response(),
    ))
}

/// Saves the site's identity with its audit entry, in one transaction.
async fn store(state: &AppState, actor: i64, new: &Site) -> Result<()> {
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let current = site::site(&mut *tx).await?;
    site::save_site(&mut *tx, new).await?;
    let words = |s: &Site| {
        format!(
            "Naam: {}\nBeschrijving: {}\nContact: {}\nTaal: {}{}",
            if s.name.is_empty() {
                "(de naam van de auteur)"
            } else {
                &s.name
            },
            if s.description.is_empty() {
                "(geen)"
            } else {
                &s.description
            },
            if s.contact.is_empty() {
                "(geen)"
            } else {
                &s.contact
            },
            s.language.code(),
            if s.accept_language {
                " (of die van de browser)"
            } else {
                ""
            }
        )
    };
    let (before, after) = (words(&current), words(new));
    audit::audit(
        &mut *tx,
        &AuditEntry {
            actor_id: Some(actor),
            action: "site",
            before: Some(&before),
            after: Some(&after),
            ..AuditEntry::default()
        },
        state.now_unix(),
    )
    .await?;
    tx.commit().await?;
    state.policy.forget();
    state.instances.note(crate::change::Change::POLICY);
    Ok(())
}
