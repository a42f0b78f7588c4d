//! The task that turns "something changed" into events: after every write
//! (`Live::touch`, called once the request's transaction committed) it looks at
//! each article that has open streams, and at the queue when the author
//! listens, and publishes what changed. Touches that come while it looks are
//! folded into one more look, so a burst of writes costs a few looks, not one
//! per write, and the cost does not depend on the number of subscribers.

use std::sync::Arc;
use std::time::Duration;

use super::changes;
use super::hub::Hub;
use super::seen::ArticleSeen;
use crate::article::content::Article;
use crate::error::Result;
use crate::state::AppState;

/// How often idle hubs are looked for when nothing happens.
const SWEEP: Duration = Duration::from_secs(30);

/// Runs until the server stops.
pub async fn run(state: AppState) {
    loop {
        let touched = tokio::time::timeout(SWEEP, state.live.changed())
            .await
            .is_ok();
        for (slug, hub) in state.live.article_hubs() {
            if !touched {
                continue;
            }
            let Some(article) = state.articles.get(&slug).cloned() else {
                continue;
            };
            if let Err(e) = refresh_article(&state, &hub, &article).await {
                tracing::warn!(error = %e, slug, "{}", crate::i18n::logs().log.live_article_failed);
            }
        }
        let queue = state.live.queue();
        if touched
            && queue.subscribers() > 0
            && let Err(e) = refresh_queue(&state, &queue).await
        {
            tracing::warn!(error = %e, "{}", crate::i18n::logs().log.live_queue_failed);
        }
    }
}

async fn refresh_article(
    state: &AppState,
    hub: &Hub<ArticleSeen>,
    article: &Arc<Article>,
) -> Result<()> {
    let mut seen = hub.seen.lock().await;
    let (now, events) = changes::article(state, article, seen.as_ref()).await?;
    for (name, data) in events {
        hub.publish(name, data);
    }
    *seen = Some(now);
    Ok(())
}

async fn refresh_queue(state: &AppState, hub: &Hub<i64>) -> Result<()> {
    let mut seen = hub.seen.lock().await;
    let (now, event) = changes::queue(state, *seen).await?;
    if let Some((name, data)) = event {
        hub.publish(name, data);
    }
    *seen = Some(now);
    Ok(())
}

/// Takes the first look at an article (for its first subscriber).
pub async fn ensure_article_seen(
    state: &AppState,
    hub: &Hub<ArticleSeen>,
    article: &Arc<Article>,
) -> Result<()> {
    let mut seen = hub.seen.lock().await;
    if seen.is_none() {
        *seen = Some(changes::article(state, article, None).await?.0);
    }
    Ok(())
}

/// Takes the first look at the queue (for the author's first stream).
pub async fn ensure_queue_seen(state: &AppState, hub: &Hub<i64>) -> Result<()> {
    let mut seen = hub.seen.lock().await;
    if seen.is_none() {
        *seen = Some(changes::queue(state, None).await?.0);
    }
    Ok(())
}
