//! The settings page: the policy, opening and closing articles, the feed address.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::notice::notice;
use super::settings_words::{describe, describe_change};
use super::store::audit::{self, AuditEntry};
use crate::accounts::cookie::new_token;
use crate::accounts::extract::Author;
use crate::article::cache::changed;
use crate::error::Result;
use crate::http::form::AppForm;
use crate::http::query::LenientQuery;
use crate::layout::Layout;
use crate::policy::rules::{Premoderation, Settings};
use crate::policy::store;
use crate::state::AppState;

/// The settings form, as typed (so a mistake comes back intact).
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub(crate) struct SettingsForm {
    premoderatie: String,
    gasten: String,
    links: String,
    accountleeftijd: String,
    woorden_vasthouden: String,
    woorden_blokkeren: String,
    automatisch_sluiten: String,
    meldingen: String,
}

impl SettingsForm {
    fn from_settings(s: &Settings) -> Self {
        Self {
            premoderatie: s.premoderation.as_db().into(),
            gasten: if s.guests_allowed {
                "1".into()
            } else {
                String::new()
            },
            links: s.hold_min_links.to_string(),
            accountleeftijd: s.hold_account_hours.to_string(),
            woorden_vasthouden: s.hold_words.clone(),
            woorden_blokkeren: s.block_words.clone(),
            automatisch_sluiten: s.auto_close_days.map(|d| d.to_string()).unwrap_or_default(),
            meldingen: s.report_threshold.to_string(),
        }
    }

    /// Checks the form; errors are Dutch sentences.
    fn parse(&self, feed_token: String) -> Result<Settings, Vec<String>> {
        let mut errors = Vec::new();
        let mut number = |raw: &str, label: &str, min: i64, max: i64| -> i64 {
            match raw.trim().parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => n,
                _ => {
                    errors.push(crate::i18n::t().whole_number(label, min, max));
                    min
                }
            }
        };
        let m = crate::i18n::t().moderation;
        let hold_min_links = number(&self.links, m.label_links, 0, 1000);
        let hold_account_hours = number(&self.accountleeftijd, m.label_account_age, 0, 8760);
        let report_threshold = number(&self.meldingen, m.label_reports, 1, 100);
        let auto_close_days = match self.automatisch_sluiten.trim() {
            "" => None,
            raw => Some(number(raw, m.label_auto_close, 1, 3650)),
        };
        let premoderation = match self.premoderatie.as_str() {
            "none" | "first" | "all" => Premoderation::from_db(&self.premoderatie),
            _ => {
                errors.push(m.choose_premoderation.into());
                Premoderation::FirstReaction
            }
        };
        for (label, list) in [
            (m.label_hold_words, &self.woorden_vasthouden),
            (m.label_block_words, &self.woorden_blokkeren),
        ] {
            if list.chars().count() > 10_000 {
                errors.push(crate::i18n::t().list_too_long(label));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Settings {
            premoderation,
            guests_allowed: !self.gasten.is_empty(),
            hold_min_links,
            hold_account_hours,
            hold_words: word_list_text(&self.woorden_vasthouden),
            block_words: word_list_text(&self.woorden_blokkeren),
            auto_close_days,
            report_threshold,
            feed_token,
        })
    }
}

/// A word list as stored: cleaned text, one entry per line.
fn word_list_text(raw: &str) -> String {
    crate::text::clean(&raw.replace("\r\n", "\n"))
        .trim()
        .to_owned()
}

struct ArticleRow {
    slug: String,
    title: String,
    closed: bool,
}

#[derive(Template)]
#[template(path = "moderation/settings.html")]
struct SettingsPage {
    layout: Layout,
    form: SettingsForm,
    errors: Vec<String>,
    notice: Option<&'static str>,
    articles: Vec<ArticleRow>,
    /// The secret feed address, only when the author asked to see it.
    feed_url: Option<String>,
}

/// `?melding=` and `?feed=tonen` on the settings page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SettingsQuery {
    melding: String,
    feed: String,
}

async fn render(
    state: &AppState,
    layout: Layout,
    form: SettingsForm,
    errors: Vec<String>,
    notice: Option<&'static str>,
    show_feed: bool,
) -> Result<Response> {
    let policy = state.policy.get(&state.pool).await?;
    let settings = &policy.settings;
    let articles = state
        .articles
        .all()
        .iter()
        .map(|article| ArticleRow {
            slug: article.slug.clone(),
            title: article.title.clone(),
            closed: policy.is_closed(article, state.now_unix()),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = SettingsPage {
        layout,
        form,
        errors,
        notice,
        articles,
        feed_url: show_feed.then(|| {
            format!(
                "{}/moderatie/feed/{}",
                state.config.base_url(),
                settings.feed_token
            )
        }),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// GET /moderatie/instellingen
pub(crate) async fn show_settings(
    State(state): State<AppState>,
    Author(_): Author,
    layout: Layout,
    LenientQuery(q): LenientQuery<SettingsQuery>,
) -> Result<Response> {
    let policy = state.policy.get(&state.pool).await?;
    let form = SettingsForm::from_settings(&policy.settings);
    let notice = notice(&q.melding);
    render(&state, layout, form, Vec::new(), notice, q.feed == "tonen").await
}

/// POST /moderatie/instellingen
pub(crate) async fn save_settings(
    State(state): State<AppState>,
    Author(user): Author,
    layout: Layout,
    AppForm(form): AppForm<SettingsForm>,
) -> Result<Response> {
    let mut tx = crate::db::begin_write(&state.pool).await?;
    // Read in the transaction: the audit log's "before" must be what was stored.
    let current = store::settings(&mut *tx).await?;
    let new = match form.parse(current.feed_token.clone()) {
        Ok(new) => new,
        Err(errors) => {
            drop(tx);
            return render(&state, layout, form, errors, None, false).await;
        }
    };
    store::save_settings(&mut *tx, &new).await?;
    let (before, after) = (describe(&current), describe(&new));
    let change = describe_change(&current, &new);
    audit::audit(
        &mut *tx,
        &AuditEntry {
            actor_id: Some(user.id),
            action: "instellingen",
            detail: Some(&change),
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
    let to = "/moderatie/instellingen?melding=instellingen";
    Ok(changed(Redirect::to(to).into_response()))
}

/// The open/close form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenCloseForm {
    gesloten: String,
}

/// POST /moderatie/artikelen/{slug}
pub(crate) async fn open_or_close_article(
    State(state): State<AppState>,
    Author(user): Author,
    Path(slug): Path<String>,
    AppForm(form): AppForm<OpenCloseForm>,
) -> Result<Response> {
    let article = state.articles.find(&slug)?;
    let closed = form.gesloten == "1";
    let mut tx = crate::db::begin_write(&state.pool).await?;
    store::set_article_closed(&mut *tx, &article.slug, closed).await?;
    audit::audit(
        &mut *tx,
        &AuditEntry {
            actor_id: Some(user.id),
            action: if closed {
                "artikel-gesloten"
            } else {
                "artikel-geopend"
            },
            detail: Some(&article.slug),
            ..AuditEntry::default()
        },
        state.now_unix(),
    )
    .await?;
    tx.commit().await?;
    state.policy.forget();
    state.instances.note(crate::change::Change::POLICY);
    let code = if closed { "gesloten" } else { "geopend" };
    let to = format!("/moderatie/instellingen?melding={code}");
    Ok(changed(Redirect::to(&to).into_response()))
}

/// POST /moderatie/feed/vernieuwen
pub(crate) async fn renew_feed_token(
    State(state): State<AppState>,
    Author(user): Author,
) -> Result<Response> {
    let (token, _) = new_token()?;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    store::set_feed_token(&mut *tx, &token).await?;
    audit::audit(
        &mut *tx,
        &AuditEntry {
            actor_id: Some(user.id),
            action: "feed-vernieuwd",
            ..AuditEntry::default()
        },
        state.now_unix(),
    )
    .await?;
    tx.commit().await?;
    state.policy.forget();
    state.instances.note(crate::change::Change::POLICY);
    Ok(Redirect::to("/moderatie/instellingen?melding=feed-vernieuwd").into_response())
}
