//! The outbox worker: every second it takes the mails that are due, sends each
//! (digests as one mail), and records what happened. A mail is marked sent only
//! after the SMTP server accepted it, so a restart or an outage loses nothing;
//! a failure is tried again with growing pauses (30 s doubling, at most an
//! hour, up to ten attempts) and a permanent refusal is shown to the author.
//! Addresses never reach the log.

use std::collections::BTreeMap;
use std::time::Duration;

use lettre::AsyncTransport;
use tokio::sync::watch;

use super::compose::{self, Item, Letter};
use super::message;
use super::sending::{self, Due, Failure};
use super::settings::MailSettings;
use crate::error::Result;
use crate::instances::Duty;
use crate::state::AppState;

/// How often the worker looks for due mail.
const POLL: Duration = Duration::from_secs(1);

/// Runs until `stop` turns true. A mail being sent when it does is finished
/// and marked first (the server waits for that within its grace period), so a
/// restart does not send it twice.
pub async fn run(state: AppState, settings: MailSettings, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // One instance of a site sends (see `instances::Duty`); another takes over
    // within a second of it going away.
    let mut duty = Duty::new("mail");
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
        if !duty.mine(&state.pool).await {
            continue;
        }
        if let Err(e) = round(&state, &settings, &stop).await {
            tracing::warn!(error = %e, "{}", crate::i18n::logs().log.mail_queue_unreadable);
        }
    }
}

/// Sends what is due now (until told to stop).
async fn round(
    state: &AppState,
    settings: &MailSettings,
    stop: &watch::Receiver<bool>,
) -> Result<()> {
    let now = state.now_unix();
    let due = sending::due(&state.pool, now).await?;
    if due.is_empty() {
        return Ok(());
    }
    let mut groups: BTreeMap<String, Vec<Due>> = BTreeMap::new();
    for row in due {
        groups.entry(row.group()).or_default().push(row);
    }
    let site = crate::layout::load::site(state).await?.name;
    // Outside any request: a mail follows the site's interface language (the
    // author's setting), as a page does for a reader who chose nothing.
    let lang = state.policy.get(&state.pool).await?.site.language;
    for rows in groups.into_values() {
        if *stop.borrow() {
            break;
        }
        crate::i18n::with_lang(lang, send_group(state, settings, &site, rows)).await?;
    }
    Ok(())
}

async fn send_group(
    state: &AppState,
    settings: &MailSettings,
    site: &str,
    rows: Vec<Due>,
) -> Result<()> {
    let now = state.now_unix();
    let mut wanted = Vec::with_capacity(rows.len());
    let mut dropped = Vec::new();
    for row in rows {
        if sending::still_wanted(&state.pool, &row).await? {
            wanted.push(row);
        } else {
            dropped.push(row.id);
        }
    }
    if !dropped.is_empty() {
        sending::mark(&state.pool, &dropped, "dropped", now).await?;
    }
    let Some(first) = wanted.first() else {
        return Ok(());
    };
    let ids: Vec<i64> = wanted.iter().map(|r| r.id).collect();
    let Some(letter) = letter(state, site, &wanted).await? else {
        sending::mark(&state.pool, &ids, "dropped", now).await?;
        return Ok(());
    };
    let mail = match message::build(settings, site, &first.address, &first.key, &letter) {
        Ok(mail) => mail,
        Err(e) => {
            tracing::warn!(id = first.id, kind = %first.kind, error = %e, "{}", crate::i18n::logs().log.mail_not_composed);
            let reason = Failure::Compose.stored();
            sending::failed_attempt(&state.pool, &ids, true, &reason, now).await?;
            return Ok(());
        }
    };
    match settings.transport.send(mail).await {
        Ok(_) => {
            tracing::info!(id = first.id, kind = %first.kind, mails = ids.len(), "{}", crate::i18n::logs().log.mail_sent);
            sending::mark(&state.pool, &ids, "sent", state.now_unix()).await?;
        }
        Err(e) => {
            // Stored without words (the author reads it in their language)
            // and without addresses (the server's reply may quote one).
            let permanent = e.is_permanent();
            let reply = std::error::Error::source(&e)
                .map(|reply| sending::without_addresses(&reply.to_string()))
                .unwrap_or_default();
            let failure = match e.status() {
                Some(code) if permanent => Failure::Refused(code.to_string(), reply),
                Some(code) => Failure::Temporary(code.to_string(), reply),
                None => Failure::Unreachable(settings.server.clone()),
            };
            let error = failure.stored();
            tracing::warn!(id = first.id, kind = %first.kind, attempts = first.attempts + 1, %error, "{}", crate::i18n::logs().log.mail_not_sent);
            sending::failed_attempt(&state.pool, &ids, permanent, &error, state.now_unix()).await?;
        }
    }
    Ok(())
}

/// What the rows of one mail say; `None` when there is nothing left to say.
async fn letter(state: &AppState, site: &str, rows: &[Due]) -> Result<Option<Letter>> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let base = state.config.base_url();
    let username = match first.user_id {
        Some(id) => sending::username(&state.pool, id)
            .await?
            .unwrap_or_default(),
        None => String::new(),
    };
    let token = first.token.clone().unwrap_or_default();
    Ok(Some(match first.kind.as_str() {
        "confirm" => compose::confirm(
            site,
            &username,
            format!("{base}/e-mail/bevestigen?token={token}"),
        ),
        "reset" => compose::reset(
            site,
            &username,
            format!("{base}/wachtwoord-herstellen?token={token}"),
        ),
        "changed" => compose::changed(site, &username),
        "reply" => {
            let items = items(state, rows, false).await?;
            let Some(slug) = items.first().map(|(slug, _)| slug.clone()) else {
                return Ok(None);
            };
            let title = state
                .articles
                .get(&slug)
                .map_or_else(|| slug.clone(), |a| a.title.clone());
            let secret = match first.user_id {
                Some(id) => sending::unsubscribe_secret(&state.pool, id).await?,
                None => None,
            };
            let Some(secret) = secret else {
                return Ok(None);
            };
            let items = items.into_iter().map(|(_, item)| item).collect();
            compose::replies(
                site,
                &title,
                items,
                format!("{base}/e-mail/afmelden/{secret}"),
            )
        }
        "alert" => {
            let items: Vec<Item> = items(state, rows, true)
                .await?
                .into_iter()
                .map(|(_, item)| item)
                .collect();
            if items.is_empty() {
                return Ok(None);
            }
            compose::alerts(site, items, format!("{base}/moderatie"))
        }
        _ => return Ok(None),
    }))
}

/// The reactions the rows are about, with their article's slug.
async fn items(state: &AppState, rows: &[Due], alert: bool) -> Result<Vec<(String, Item)>> {
    let base = state.config.base_url();
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(id) = row.reaction_id else { continue };
        let Some(r) = sending::reaction(&state.pool, id).await? else {
            continue;
        };
        let title = state
            .articles
            .get(&r.slug)
            .map_or_else(|| r.slug.clone(), |a| a.title.clone());
        let item = if alert {
            let detail = row.detail.as_deref().unwrap_or("");
            // A held edit: the text that waits, not the one shown now.
            let text = match (detail, &r.pending) {
                ("edit", Some(pending)) => pending,
                _ => &r.text,
            };
            compose::alert_item(
                detail,
                &r.writer,
                &title,
                text,
                format!("{base}/moderatie#wacht-{}", r.id),
            )
        } else {
            compose::reply_item(&r.writer, &r.text, format!("{base}/reacties/{}", r.id))
        };
        items.push((r.slug, item));
    }
    Ok(items)
}
