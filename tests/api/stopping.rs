//! A server stops on SIGTERM even when nobody reads its log: standard error
//! is a pipe whose reader stalled (a hung log collector), full, and the
//! writing thread waits on it.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::cli::{serve_binary, sigterm};

/// Whether a thread of process `pid` waits to write into a full pipe.
fn waits_on_a_pipe(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    tasks.flatten().any(|task| {
        std::fs::read_to_string(task.path().join("wchan")).is_ok_and(|w| w.contains("pipe_write"))
    })
}

#[tokio::test]
async fn a_server_whose_log_nobody_reads_still_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("dir");
    // Standard error is piped and never read.
    let (mut server, base) = serve_binary(dir.path(), &[], &[("RUST_LOG", "debug")]).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let url = format!("{base}/healthz");
    // Requests go on being answered while the log is stuck; their lines fill
    // the pipe (64 KiB) many times over.
    let since = Instant::now();
    let mut requests = 0;
    while !waits_on_a_pipe(server.id()) {
        assert!(
            since.elapsed() < Duration::from_secs(60),
            "the log never filled the pipe ({requests} requests)"
        );
        for _ in 0..50 {
            let response = client.get(&url).send().await.expect("GET");
            assert_eq!(response.status(), StatusCode::OK);
            requests += 1;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let response = client.get(&url).send().await.expect("GET while stuck");
    assert_eq!(response.status(), StatusCode::OK, "still serving");

    sigterm(&server);
    let since = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().expect("poll") {
            break status;
        }
        if since.elapsed() > Duration::from_secs(20) {
            let _ = server.kill();
            let _ = server.wait();
            panic!("the server did not stop while its log was stuck");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "stopped cleanly: {status:?}");
}
