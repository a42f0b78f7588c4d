//! Periodic jobs (the mail outbox, housekeeping) run on one instance of a site
//! at a time: on PostgreSQL the first instance to ask holds the job until its
//! connection ends, then the next one to ask takes it over; on SQLite, one
//! server per file, every job is the server's.

use std::time::{Duration, Instant};

use reacties::instances::Duty;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_periodic_job_runs_on_one_instance_at_a_time_and_passes_on() {
    let app = TestApp::spawn().await;
    let pool = &app.state().pool;
    let other = reacties::db::open_existing(&app.config.database)
        .await
        .expect("a second instance's pool");
    let mut second = Duty::new("mail");
    {
        let mut first = Duty::new("mail");
        assert!(first.mine(pool).await, "the first to ask gets it");
        if cfg!(postgres) {
            assert!(!second.mine(&other).await, "held by the first instance");
            assert!(first.mine(pool).await, "and kept by it");
            assert!(
                Duty::new("eigen taak").mine(&other).await,
                "another job is free"
            );
        }
        // The first instance goes away here, and its connection with it.
    }
    // PostgreSQL lets go once it has seen the connection end; on SQLite, one
    // server per file, every job is the server's.
    let since = Instant::now();
    while !second.mine(&other).await {
        assert!(
            since.elapsed() < Duration::from_secs(5),
            "the job did not pass on"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    other.close().await;
}
