//! What the instances of one site tell each other on PostgreSQL, where several
//! servers may share a schema behind a load balancer. Each keeps page caches,
//! the author's policy and live streams in its own memory, so each tells the
//! others what its requests changed (`NOTIFY`, after the commit) and applies
//! what it hears (`LISTEN`). The response waits until every other instance
//! has said it applied the change, so the reader's next request finds it
//! wherever the balancer sends it. Periodic jobs that must run once per site
//! (the mail outbox, housekeeping) are held by one instance at a time through a
//! session-level advisory lock, which PostgreSQL releases when that instance's
//! connection ends, however it ends.
//!
//! This file is the PostgreSQL build's `instances` module: the same functions
//! as `instances.rs`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use sqlx::Connection;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgListener, PgPoolOptions};

use crate::change::Message;
use crate::sql::{Db, Pool};

pub use crate::change::Change;

/// The channel every site's instances talk on; a message names its schema.
const CHANNEL: &str = "reacties";
/// How long the listener waits before connecting again after losing PostgreSQL.
const RECONNECT: Duration = Duration::from_secs(1);
/// The longest a response waits for the other instances to apply its change
/// (an instance that hangs; one that is gone is not waited for at all).
const APPLIED_WAIT: Duration = Duration::from_millis(250);

/// Tells the other instances what changed. Announcements that come while one
/// is being sent are folded into the next, so a burst of requests costs a few
/// messages, as the group commit does for the writes themselves.
#[derive(Debug)]
pub struct Notifier {
    pool: Pool,
    /// Tells this instance's messages from the others'.
    origin: String,
    pending: Mutex<Pending>,
    /// Held while a message is sent; holds the last ticket a sent message covered.
    sent: tokio::sync::Mutex<u64>,
    /// Whether this instance listens now (and so counts itself among the listeners).
    listening: AtomicBool,
    /// Per message sent: how many instances said they applied it.
    applied: Mutex<HashMap<u64, usize>>,
    applied_signal: tokio::sync::Notify,
}

#[derive(Debug, Default)]
struct Pending {
    change: Change,
    ticket: u64,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The data behind these locks is a counter or a map of counters, whole
    // after any panic.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Notifier {
    /// A notifier for this instance, with an origin of its own.
    pub fn new(pool: &Pool) -> anyhow::Result<Self> {
        let mut origin = crate::security::random_hex()?;
        origin.truncate(16);
        Ok(Self {
            pool: pool.clone(),
            origin,
            pending: Mutex::default(),
            sent: tokio::sync::Mutex::new(0),
            listening: AtomicBool::new(false),
            applied: Mutex::default(),
            applied_signal: tokio::sync::Notify::new(),
        })
    }

    /// Adds `change` to what the next `announce` tells.
    pub fn note(&self, change: Change) {
        let mut pending = lock(&self.pending);
        pending.change = pending.change.with(change);
    }

    /// Tells the other instances about `change` (and what was noted), and
    /// returns once each has applied it (or `APPLIED_WAIT` passed): call it
    /// after the change committed and before the response leaves.
    pub async fn announce(&self, change: Change) {
        let mine = {
            let mut pending = lock(&self.pending);
            pending.change = pending.change.with(change);
            pending.ticket += 1;
            pending.ticket
        };
        let mut sent = self.sent.lock().await;
        if *sent >= mine {
            // A message sent while this one waited already carried it.
            return;
        }
        let (change, seq) = {
            let mut pending = lock(&self.pending);
            (std::mem::take(&mut pending.change), pending.ticket)
        };
        if !change.is_empty() {
            self.tell(change, seq).await;
        }
        *sent = seq;
    }

    async fn tell(&self, change: Change, seq: u64) {
        let message = Message::Changed {
            origin: self.origin.clone(),
            change,
            seq,
        };
        lock(&self.applied).insert(seq, 0);
        // One round trip: the message, and how many instances listen now
        // (a killed one's connection is gone, so it is not waited for). The
        // listening connections carry the name `hear` gives them.
        let told = sqlx::query_scalar!(
            r#"SELECT COUNT(a.pid) AS "listening!"
               FROM (SELECT pg_notify($1, current_schema() || ' ' || $2)) AS sent
               LEFT JOIN pg_stat_activity AS a
                 ON a.application_name = 'reacties ' || left(encode(sha256(convert_to(current_schema(), 'UTF8')), 'hex'), 24)
                AND a.datname = current_database()"#,
            CHANNEL,
            message.text()
        )
        .fetch_one(&self.pool)
        .await;
        match told {
            Ok(listening) => {
                let me = i64::from(self.listening.load(Ordering::Acquire));
                let others = usize::try_from(listening - me).unwrap_or(0);
                self.wait_for_applied(seq, others).await;
            }
            // A lost message leaves the other instances' pages stale until
            // they expire (30 s at most); the change itself has committed.
            Err(e) => tracing::warn!(error = %e, "{}", crate::i18n::logs().log.instances_not_told),
        }
        lock(&self.applied).remove(&seq);
    }

    async fn wait_for_applied(&self, seq: u64, others: usize) {
        let deadline = tokio::time::Instant::now() + APPLIED_WAIT;
        loop {
            let signal = self.applied_signal.notified();
            tokio::pin!(signal);
            // Registered before looking, so an answer in between is not missed.
            signal.as_mut().enable();
            if lock(&self.applied).get(&seq).is_none_or(|n| *n >= others) {
                return;
            }
            if tokio::time::timeout_at(deadline, signal).await.is_err() {
                return;
            }
        }
    }

    /// Another instance applied this instance's message `seq`.
    fn count_applied(&self, seq: u64) {
        if let Some(n) = lock(&self.applied).get_mut(&seq) {
            *n += 1;
        }
        self.applied_signal.notify_waiters();
    }
}

/// Hears what the other instances of this site changed, applies it with
/// `apply` and says so, until the server stops. After PostgreSQL was out of
/// reach, messages may have been missed: everything is assumed changed.
pub async fn listen(notifier: &Notifier, apply: impl Fn(Change) + Send + Sync + 'static) {
    let mut missed = false;
    loop {
        if let Err(e) = hear(notifier, &apply, &mut missed).await {
            tracing::warn!(error = %e, "{}", crate::i18n::logs().log.instances_not_heard);
        }
        missed = true;
        tokio::time::sleep(RECONNECT).await;
    }
}

/// One connection's worth of listening; returns when it is lost.
async fn hear(
    notifier: &Notifier,
    apply: &(impl Fn(Change) + Send + Sync),
    missed: &mut bool,
) -> sqlx::Result<()> {
    let pool = &notifier.pool;
    // Named after the schema (hashed: names are cut at 63 bytes), so every
    // instance can count the listeners of its site (see `tell`).
    let me = sqlx::query!(
        r#"SELECT current_schema() AS "schema!",
                  'reacties ' || left(encode(sha256(convert_to(current_schema(), 'UTF8')), 'hex'), 24) AS "name!""#
    )
    .fetch_one(pool)
    .await?;
    let schema = me.schema;
    let options = (*pool.connect_options()).clone().application_name(&me.name);
    let own = PgPoolOptions::new()
        .max_connections(1)
        .connect_lazy_with(options);
    let mut listener = PgListener::connect_with(&own).await?;
    listener.listen(CHANNEL).await?;
    notifier.listening.store(true, Ordering::Release);
    let heard = hear_on(notifier, apply, missed, &mut listener, &schema).await;
    notifier.listening.store(false, Ordering::Release);
    heard
}

async fn hear_on(
    notifier: &Notifier,
    apply: &(impl Fn(Change) + Send + Sync),
    missed: &mut bool,
    listener: &mut PgListener,
    schema: &str,
) -> sqlx::Result<()> {
    let pool = &notifier.pool;
    if std::mem::take(missed) {
        apply(Change::ALL);
    }
    // `None`: the connection was lost (what came meanwhile is gone).
    while let Some(heard) = listener.try_recv().await? {
        match Message::heard(heard.payload(), schema) {
            Some(Message::Changed {
                origin,
                change,
                seq,
            }) if origin != notifier.origin => {
                apply(change);
                let applied = Message::Applied { origin, seq };
                sqlx::query!(
                    "SELECT pg_notify($1, current_schema() || ' ' || $2)",
                    CHANNEL,
                    applied.text()
                )
                .execute(pool)
                .await?;
            }
            Some(Message::Applied { origin, seq }) if origin == notifier.origin => {
                notifier.count_applied(seq);
            }
            _ => {}
        }
    }
    Ok(())
}

/// A periodic job that only one instance of a site may run at a time: held
/// through a session-level advisory lock on one connection kept for it.
#[derive(Debug)]
pub struct Duty {
    name: &'static str,
    held: Option<sqlx::PgConnection>,
}

impl Duty {
    /// The duty named `name` (the mail outbox, housekeeping).
    pub fn new(name: &'static str) -> Self {
        Self { name, held: None }
    }

    /// Whether this instance runs the job now: it holds the duty's lock, or
    /// just took it because the instance that held it is gone.
    pub async fn mine(&mut self, pool: &Pool) -> bool {
        if let Some(conn) = &mut self.held {
            if conn.ping().await.is_ok() {
                return true;
            }
            // The lock went with the connection; another instance may hold it now.
            self.held = None;
        }
        let Ok(mut conn) = pool.acquire().await else {
            return false;
        };
        match take(&mut conn, self.name).await {
            Ok(true) => {
                // Out of the pool: the lock lives as long as this connection.
                self.held = Some(conn.detach());
                true
            }
            Ok(false) | Err(_) => false,
        }
    }
}

async fn take(conn: &mut PoolConnection<Db>, name: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"SELECT pg_try_advisory_lock(hashtext('reacties ' || $1 || ' ' || current_schema())) AS "taken!""#,
        name
    )
    .fetch_one(&mut **conn)
    .await
}
