//! The fan-out behind the live streams: one hub per article with open streams
//! (created by its first subscriber, dropped a minute after its last one left),
//! and one for the author's queue. A hub numbers its events, keeps the last
//! `REPLAY` of them for reconnecting readers (`Last-Event-ID`), and sends each
//! to every subscriber through one `broadcast` channel.
//!
//! This file holds no domain knowledge: what an event says is decided in
//! `changes`, which compares what anonymous readers see now with what they saw.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::{Notify, broadcast, watch};

/// Events kept per hub for readers who reconnect.
pub const REPLAY: usize = 256;
/// Events a slow subscriber may fall behind before its stream ends (it then
/// reconnects and is replayed what it missed from the buffer).
const LAG: usize = 64;
/// How long a hub without subscribers is kept, so a reader whose connection
/// dropped still finds the events it missed when it reconnects.
pub const IDLE: Duration = Duration::from_secs(60);

/// One event as it goes out: its number, its name and its JSON.
#[derive(Debug)]
pub struct Stamped {
    /// `<hub>-<seq>`, sent as the SSE `id:` and read back from `Last-Event-ID`.
    pub id: String,
    pub seq: u64,
    pub name: &'static str,
    pub data: String,
}

/// What a new subscriber gets: the live channel and what it missed.
#[derive(Debug)]
pub struct Subscription {
    pub events: broadcast::Receiver<Arc<Stamped>>,
    pub missed: Missed,
}

/// What a reconnecting subscriber missed.
#[derive(Debug)]
pub enum Missed {
    /// These events, oldest first (empty for a first connection).
    Events(Vec<Arc<Stamped>>),
    /// More than the buffer holds, or events of a hub that is gone: the page
    /// should be reloaded.
    TooMuch,
}

/// The numbered events of one hub and its subscribers.
#[derive(Debug)]
pub struct Hub<S> {
    /// Tells this hub's event ids from those of an earlier hub (or process).
    name: String,
    sender: broadcast::Sender<Arc<Stamped>>,
    log: Mutex<Log>,
    /// What subscribers were last told about (`None` until first looked at);
    /// the lock also keeps two refreshes of one hub from interleaving.
    pub seen: tokio::sync::Mutex<Option<S>>,
}

#[derive(Debug)]
struct Log {
    next: u64,
    buffer: VecDeque<Arc<Stamped>>,
    /// When the last subscriber left (for dropping idle hubs).
    idle_since: Option<Instant>,
}

/// Names hubs uniquely within a process, and apart from earlier processes.
fn hub_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{started:x}{:x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the log leaves it consistent (pushes are atomic).
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl<S> Hub<S> {
    fn new() -> Self {
        Self {
            name: hub_name(),
            sender: broadcast::channel(LAG).0,
            log: Mutex::new(Log {
                next: 1,
                buffer: VecDeque::with_capacity(REPLAY),
                idle_since: None,
            }),
            seen: tokio::sync::Mutex::new(None),
        }
    }

    /// Subscribes; `last_id` is the `Last-Event-ID` a reconnecting client sent.
    pub fn subscribe(&self, last_id: Option<&str>) -> Subscription {
        // Under the log's lock, so no event falls between the replay and the channel.
        let mut log = lock(&self.log);
        log.idle_since = None;
        let events = self.sender.subscribe();
        let missed = match last_id {
            None => Missed::Events(Vec::new()),
            Some(id) => self.missed_since(&log, id),
        };
        Subscription { events, missed }
    }

    fn missed_since(&self, log: &Log, id: &str) -> Missed {
        let Some(seq) = id
            .split_once('-')
            .filter(|(hub, _)| *hub == self.name)
            .and_then(|(_, seq)| seq.parse::<u64>().ok())
        else {
            return Missed::TooMuch;
        };
        let oldest = log.buffer.front().map_or(log.next, |e| e.seq);
        if seq >= log.next || seq + 1 < oldest {
            return Missed::TooMuch;
        }
        Missed::Events(log.buffer.iter().filter(|e| e.seq > seq).cloned().collect())
    }

    /// Numbers an event, keeps it for replay and sends it to every subscriber.
    pub fn publish(&self, name: &'static str, data: String) {
        let mut log = lock(&self.log);
        let seq = log.next;
        log.next += 1;
        let event = Arc::new(Stamped {
            id: format!("{}-{seq}", self.name),
            seq,
            name,
            data,
        });
        if log.buffer.len() == REPLAY {
            log.buffer.pop_front();
        }
        log.buffer.push_back(Arc::clone(&event));
        // No subscriber right now is fine: the event waits in the buffer.
        let _ = self.sender.send(event);
    }

    /// Open streams on this hub.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Whether the hub has had no subscriber for `IDLE` (and can go).
    fn expired(&self, now: Instant) -> bool {
        let mut log = lock(&self.log);
        if self.sender.receiver_count() > 0 {
            log.idle_since = None;
            return false;
        }
        let since = *log.idle_since.get_or_insert(now);
        now.duration_since(since) >= IDLE
    }
}

/// Every hub, the signal that something may have changed, and the end of all
/// streams at shutdown.
#[derive(Debug)]
pub struct Live<A, Q> {
    articles: Mutex<HashMap<String, Arc<Hub<A>>>>,
    queue: Arc<Hub<Q>>,
    changed: Notify,
    closing: watch::Sender<bool>,
    /// Open streams per client key, for the cap.
    clients: Arc<Mutex<HashMap<String, usize>>>,
}

impl<A, Q> Default for Live<A, Q> {
    fn default() -> Self {
        Self {
            articles: Mutex::new(HashMap::new()),
            queue: Arc::new(Hub::new()),
            changed: Notify::new(),
            closing: watch::channel(false).0,
            clients: Arc::default(),
        }
    }
}

/// One open stream of one client; gives its place back when dropped.
#[derive(Debug)]
pub struct ClientSlot {
    key: String,
    clients: Arc<Mutex<HashMap<String, usize>>>,
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut clients = lock(&self.clients);
        if let Some(n) = clients.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                clients.remove(&self.key);
            }
        }
    }
}

impl<A, Q> Live<A, Q> {
    /// Subscribes to the hub of an article, made when its first subscriber
    /// comes. Under the map's lock, so an idle hub is never dropped between
    /// being found and being subscribed to.
    pub fn article(&self, slug: &str, last_id: Option<&str>) -> (Arc<Hub<A>>, Subscription) {
        let mut hubs = lock(&self.articles);
        let hub = hubs
            .entry(slug.to_owned())
            .or_insert_with(|| Arc::new(Hub::new()));
        let subscription = hub.subscribe(last_id);
        (Arc::clone(hub), subscription)
    }

    /// The author's hub (the queue).
    pub fn queue(&self) -> Arc<Hub<Q>> {
        Arc::clone(&self.queue)
    }

    /// The article hubs that have subscribers (or had them a moment ago);
    /// drops those idle for longer than `IDLE`.
    pub fn article_hubs(&self) -> Vec<(String, Arc<Hub<A>>)> {
        let now = Instant::now();
        let mut hubs = lock(&self.articles);
        hubs.retain(|_, hub| !hub.expired(now));
        hubs.iter()
            .filter(|(_, hub)| hub.subscribers() > 0)
            .map(|(slug, hub)| (slug.clone(), Arc::clone(hub)))
            .collect()
    }

    /// Something that readers or the author see may have changed (called after
    /// the request that changed it committed). Bursts collapse into one look.
    pub fn touch(&self) {
        self.changed.notify_one();
    }

    /// Waits for the next `touch`.
    pub async fn changed(&self) {
        self.changed.notified().await;
    }

    /// Takes a place for one more stream of `key`; `None` when it has `max` open.
    pub fn take_slot(&self, key: String, max: Option<usize>) -> Option<ClientSlot> {
        let mut clients = lock(&self.clients);
        let open = clients.entry(key.clone()).or_insert(0);
        if max.is_some_and(|max| *open >= max) {
            return None;
        }
        *open += 1;
        Some(ClientSlot {
            key,
            clients: Arc::clone(&self.clients),
        })
    }

    /// Ends every stream (at shutdown), so connections can close within the grace period.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves when the streams are to end.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(missed: Missed) -> Vec<u64> {
        match missed {
            Missed::Events(events) => events.iter().map(|e| e.seq).collect(),
            Missed::TooMuch => vec![u64::MAX],
        }
    }

    #[test]
    fn a_reconnect_gets_exactly_the_events_after_its_last_id() {
        let hub: Hub<()> = Hub::new();
        for n in 0..5 {
            hub.publish("x", n.to_string());
        }
        let second = format!("{}-2", hub.name);
        assert_eq!(ids(hub.subscribe(Some(&second)).missed), vec![3, 4, 5]);
        let last = format!("{}-5", hub.name);
        assert!(ids(hub.subscribe(Some(&last)).missed).is_empty());
    }

    #[test]
    fn an_id_older_than_the_buffer_or_of_another_hub_asks_for_a_reload() {
        let hub: Hub<()> = Hub::new();
        for n in 0..(REPLAY + 10) {
            hub.publish("x", n.to_string());
        }
        let old = format!("{}-3", hub.name);
        assert_eq!(ids(hub.subscribe(Some(&old)).missed), vec![u64::MAX]);
        assert_eq!(ids(hub.subscribe(Some("abc-3")).missed), vec![u64::MAX]);
        assert_eq!(ids(hub.subscribe(Some("onzin")).missed), vec![u64::MAX]);
        let future = format!("{}-{}", hub.name, REPLAY + 50);
        assert_eq!(ids(hub.subscribe(Some(&future)).missed), vec![u64::MAX]);
        // The oldest kept event's predecessor is still exactly replayable.
        let edge = format!("{}-10", hub.name);
        assert_eq!(ids(hub.subscribe(Some(&edge)).missed).len(), REPLAY);
    }

    #[test]
    fn a_client_cannot_open_more_streams_than_the_cap() {
        let live: Live<(), ()> = Live::default();
        let first = live.take_slot("a".into(), Some(2));
        let second = live.take_slot("a".into(), Some(2));
        assert!(first.is_some() && second.is_some());
        assert!(live.take_slot("a".into(), Some(2)).is_none());
        assert!(live.take_slot("b".into(), Some(2)).is_some());
        drop(first);
        assert!(live.take_slot("a".into(), Some(2)).is_some());
    }
}
