//! Keys being rendered right now, so that a burst of readers asking for the same
//! missing page renders it once: the first claims the key, the others wait for
//! it (a little while at most) and then look again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

/// How long a reader waits for someone else's rendering before doing its own.
const WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Default)]
pub struct Renders {
    /// Readers with nothing to serve meanwhile wait on the key's `Notify`.
    rendering: Mutex<HashMap<String, Arc<Notify>>>,
}

/// Held by the one request that renders a key; dropping it wakes the waiters.
#[derive(Debug)]
pub struct RenderClaim<'a> {
    renders: &'a Renders,
    key: String,
}

impl Drop for RenderClaim<'_> {
    fn drop(&mut self) {
        if let Ok(mut rendering) = self.renders.rendering.lock()
            && let Some(done) = rendering.remove(&self.key)
        {
            done.notify_waiters();
        }
    }
}

impl Renders {
    /// Claims the rendering of `key`; `None` when another request is rendering it.
    pub fn claim(&self, key: &str) -> Option<RenderClaim<'_>> {
        let mut rendering = self.rendering.lock().ok()?;
        if rendering.contains_key(key) {
            return None;
        }
        rendering.insert(key.to_owned(), Arc::new(Notify::new()));
        Some(RenderClaim {
            renders: self,
            key: key.to_owned(),
        })
    }

    /// Waits (a little while at most) for the request rendering `key` to finish.
    pub async fn wait_for(&self, key: &str) {
        let notify = match self.rendering.lock() {
            Ok(rendering) => rendering.get(key).cloned(),
            Err(_) => None,
        };
        let Some(notify) = notify else { return };
        let done = notify.notified();
        tokio::pin!(done);
        done.as_mut().enable();
        // Check again: the render may have finished before we registered.
        let still = self.rendering.lock().is_ok_and(|r| r.contains_key(key));
        if still {
            let _ = tokio::time::timeout(WAIT, done).await;
        }
    }
}
