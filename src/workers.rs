//! Fixed pools of dedicated threads for CPU-heavy work (password hashing,
//! Markdown rendering), fed by a short bounded queue. Work beyond the queue is
//! refused at once with `AppError::Busy` (503 with Retry-After) instead of
//! piling up: the number of jobs running, and so the memory they hold, never
//! exceeds the number of threads. Long-lived threads also keep memory flat:
//! argon2 allocates ~19 MiB per hash, and the allocator keeps freed memory per
//! thread, so hashing on tokio's growing blocking pool grew without bound.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use crate::error::{AppError, Result};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A pool of `threads` dedicated threads with room for `queue` waiting jobs.
/// Cheap to clone; the threads stop when the last clone is dropped.
#[derive(Clone)]
pub struct Workers {
    name: &'static str,
    threads: usize,
    queue: usize,
    sender: SyncSender<Job>,
}

impl std::fmt::Debug for Workers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workers")
            .field("name", &self.name)
            .field("threads", &self.threads)
            .field("queue", &self.queue)
            .finish_non_exhaustive()
    }
}

/// The number of cores, or 1 when it cannot be told.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl Workers {
    /// Starts `threads` threads (at least 1) named `name`, with room for
    /// `queue` jobs waiting behind the running ones.
    pub fn new(name: &'static str, threads: usize, queue: usize) -> anyhow::Result<Self> {
        let threads = threads.max(1);
        let (sender, receiver) = sync_channel::<Job>(queue);
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("{name}-{n}"))
                .spawn(move || work(&receiver))?;
        }
        Ok(Self {
            name,
            threads,
            queue,
            sender,
        })
    }

    /// How many jobs run at once.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `job` on one of the threads and waits for its result; refused with
    /// `AppError::Busy` when every thread is busy and the queue is full.
    pub async fn run<T, F>(&self, job: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The waiting request may be gone (timed out, disconnected).
            let _ = done.send(job());
        });
        match self.sender.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                tracing::warn!(pool = self.name, "{}", crate::i18n::logs().log.queue_full);
                return Err(AppError::Busy);
            }
            Err(TrySendError::Disconnected(_)) => {
                return Err(anyhow::anyhow!("{}: no worker threads", self.name).into());
            }
        }
        result
            .await
            .map_err(|_| anyhow::anyhow!("{}: the job panicked", self.name).into())
    }
}

/// One thread: takes jobs until every sender is gone. A panicking job loses its
/// result (the caller gets an error), not the thread.
fn work(receiver: &Mutex<Receiver<Job>>) {
    loop {
        let job = {
            let Ok(receiver) = receiver.lock() else {
                return;
            };
            match receiver.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        let _ = catch_unwind(AssertUnwindSafe(job));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[tokio::test]
    async fn work_beyond_the_threads_and_the_queue_is_refused_as_busy() {
        let workers = Workers::new("test", 1, 2).expect("pool");
        let (release, hold) = channel::<()>();
        let hold = Arc::new(Mutex::new(hold));
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        // One job occupies the thread until released…
        let blocking = {
            let workers = workers.clone();
            let hold = Arc::clone(&hold);
            tokio::spawn(async move {
                workers
                    .run(move || {
                        let _ = started.send(());
                        let _ = hold.lock().expect("lock").recv();
                        1
                    })
                    .await
            })
        };
        running.await.expect("the first job runs");
        // …two wait in the queue…
        let queued: Vec<_> = (2..4)
            .map(|n| {
                let workers = workers.clone();
                tokio::spawn(async move { workers.run(move || n).await })
            })
            .collect();
        // (The spawned jobs are queued when this task runs again.)
        tokio::task::yield_now().await;
        // …and the next is refused at once.
        let next = tokio::time::timeout(std::time::Duration::from_secs(5), workers.run(|| 0)).await;
        assert!(
            matches!(next, Ok(Err(AppError::Busy))),
            "a full queue refuses work: {next:?}"
        );
        for _ in 0..3 {
            release.send(()).expect("release");
        }
        assert_eq!(blocking.await.expect("join").expect("ran"), 1);
        let mut results = Vec::new();
        for job in queued {
            results.push(job.await.expect("join").expect("ran"));
        }
        assert_eq!(results, [2, 3]);
        // With the queue drained, work is accepted again.
        assert_eq!(workers.run(|| 7).await.expect("ran"), 7);
    }

    #[tokio::test]
    async fn a_panicking_job_fails_alone_and_the_thread_keeps_working() {
        let workers = Workers::new("test", 1, 1).expect("pool");
        let failed = workers.run(|| -> i32 { panic!("boom") }).await;
        assert!(failed.is_err());
        assert_eq!(workers.run(|| 5).await.expect("ran"), 5);
    }
}
