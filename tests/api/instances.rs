//! Several instances of one site (REACTIES_TEST_POSTGRES names the server): two
//! server processes on one PostgreSQL schema, and a loopback proxy in front that
//! hands each connection to the next instance that answers, as a load balancer
//! does. What one instance changes shows on the other's next request (a stance
//! in its tally within the burst window); a live
//! stream on one gets the other's events; the failed-login throttle counts
//! across both; the in-memory rate limits count per instance (at most twice
//! the limit for two); each mail is sent once, and the outbox passes to the
//! other instance when the one holding it stops; killing one mid-burst loses
//! nothing acknowledged and the other keeps serving.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::net::{TcpListener, TcpStream};

use crate::cli::run_binary;
use crate::database::PgSchema;
use crate::helpers::{AUTHOR, Browser, PASSWORD, SLUG, location};
use crate::postgres_binary::{
    ANSWER_WITHIN, Server, browser, kill_mid_burst, server, start_server, stop,
};
use crate::smtp::SmtpServer;

/// One site on a fresh schema, with its author, served by two instances.
struct Site {
    _schema: PgSchema,
    database: PathBuf,
    content: PathBuf,
    a: Option<(Server, String)>,
    b: Option<(Server, String)>,
}

impl Site {
    /// Both instances start at once: the migrations run once, the other waits for them.
    async fn start(base: &str, extra: &[&str]) -> Self {
        Self::start_after(base, extra, Duration::ZERO).await
    }

    /// B starts `pause` after A is up (so A has taken the periodic jobs).
    async fn start_after(base: &str, extra: &[&str], pause: Duration) -> Self {
        let schema = PgSchema::create(base).await;
        let database = schema.url();
        let content = crate::helpers::repo().join("content");
        let (a, b) = tokio::join!(start_server(&database, &content, extra), async {
            tokio::time::sleep(pause).await;
            start_server(&database, &content, extra).await
        });
        let (ok, out) = run_binary(
            &database,
            &content,
            &["author", "create", AUTHOR],
            &format!("{PASSWORD}\n"),
        );
        assert!(ok, "{out}");
        Self {
            _schema: schema,
            database,
            content,
            a: Some(a),
            b: Some(b),
        }
    }

    fn a(&self) -> String {
        self.a
            .as_ref()
            .map(|(_, base)| base.clone())
            .unwrap_or_default()
    }

    fn b(&self) -> String {
        self.b
            .as_ref()
            .map(|(_, base)| base.clone())
            .unwrap_or_default()
    }

    /// Stops both instances the way an operator does (SIGTERM).
    fn stop(mut self) {
        for instance in [self.a.take(), self.b.take()].into_iter().flatten() {
            stop(instance.0);
        }
    }
}

/// A browser logged in as the author on `base` (the session is the site's, so
/// it holds on the other instance too).
async fn author_on(base: &str) -> Browser {
    let author = browser(base);
    let response = author.login(AUTHOR, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "author logs in");
    author
}

/// A loopback proxy: each new connection goes to the next backend in turn,
/// skipping one that refuses (a dead instance), as a load balancer does.
async fn proxy(backends: Vec<String>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy port");
    let address = listener.local_addr().expect("proxy address");
    let next = Arc::new(AtomicUsize::new(0));
    let backends: Vec<String> = backends
        .into_iter()
        .map(|b| b.trim_start_matches("http://").to_owned())
        .collect();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let backends = backends.clone();
            let first = next.fetch_add(1, Ordering::Relaxed);
            tokio::spawn(async move {
                for turn in 0..backends.len() {
                    let backend = &backends[(first + turn) % backends.len()];
                    if let Ok(mut outbound) = TcpStream::connect(backend).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        return;
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

/// A client that opens a new connection for every request, so the proxy
/// spreads its requests over the instances.
fn through(proxy: &str) -> Browser {
    Browser {
        base: proxy.to_owned(),
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .timeout(ANSWER_WITHIN)
            .build()
            .expect("client"),
    }
}

#[tokio::test]
async fn what_one_instance_changes_shows_on_the_others_next_request() {
    let Some(base) = server() else { return };
    let site = Site::start(&base, &[]).await;
    let author = author_on(&site.a()).await;
    let reader_b = browser(&site.b());
    let reader_a = browser(&site.a());
    for round in 0..10 {
        // Both caches hold the page as it is now.
        let before_a = reader_a.get_html(&format!("/{SLUG}")).await;
        let before_b = reader_b.get_html(&format!("/{SLUG}")).await;
        let text = format!("Geplaatst op de ene, gelezen op de andere ({round}).");
        assert!(!before_a.contains(&text) && !before_b.contains(&text));
        // Posted on either instance in turn, read at once on the other.
        let (writes_on, reads) = if round % 2 == 0 {
            (site.a(), &reader_b)
        } else {
            (site.b(), &reader_a)
        };
        let posted = author
            .client
            .post(format!("{writes_on}/{SLUG}/reacties"))
            .form(&[("body", text.as_str())])
            .send()
            .await
            .expect("post");
        assert_eq!(posted.status(), StatusCode::SEE_OTHER, "round {round}");
        let page = reads.get_html(&format!("/{SLUG}")).await;
        assert!(
            page.contains(&text),
            "round {round}: not on the other instance at once"
        );
    }

    // A command on the database (an import) tells the running instances too.
    let wxr = crate::transfer_import::fixture("wordpress.xml");
    let imported = "Eerste! Mooi stuk over";
    for reader in [&reader_a, &reader_b] {
        assert!(
            !reader
                .get_html(&format!("/{SLUG}"))
                .await
                .contains(imported)
        );
    }
    let (ok, out) = run_binary(
        &site.database,
        &site.content,
        &["import", "wordpress", wxr.to_str().expect("utf-8")],
        "",
    );
    assert!(ok, "{out}");
    for reader in [&reader_a, &reader_b] {
        let page = reader.get_html(&format!("/{SLUG}")).await;
        assert!(
            page.contains(imported),
            "the import shows at once on {}",
            reader.base
        );
    }

    // The author's policy: closed on A, refused on B at once, with the text kept.
    let page_b = reader_b.get_html(&format!("/{SLUG}")).await;
    assert!(
        !page_b.contains("melding gesloten"),
        "open until the author closes it"
    );
    let closed = author
        .post(
            &format!("/moderatie/artikelen/{SLUG}"),
            &[("gesloten", "1")],
        )
        .await;
    assert!(closed.status().is_redirection(), "{}", closed.status());
    let refused = author
        .client
        .post(format!("{}/{SLUG}/reacties", site.b()))
        .form(&[("body", "Te laat, op de andere instantie.")])
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let kept = refused.text().await.expect("body");
    assert!(kept.contains("Te laat, op de andere instantie.") && kept.contains("gesloten"));
    let page_b = reader_b.get_html(&format!("/{SLUG}")).await;
    assert!(
        page_b.contains("melding gesloten"),
        "the cached page on B shows the article closed"
    );
    site.stop();
}

#[tokio::test]
async fn a_stream_on_one_instance_gets_the_others_event_within_a_second() {
    let Some(base) = server() else { return };
    let site = Site::start(&base, &[]).await;
    let author = author_on(&site.a()).await;
    let listener = browser(&site.b());
    let mut stream = listener
        .client
        .get(format!("{}/{SLUG}/live", site.b()))
        .send()
        .await
        .expect("stream opens");
    assert_eq!(stream.status(), StatusCode::OK);
    // The stream's first look is taken when it opens; give it a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;
    for round in 0..3 {
        let text = format!("Live van de andere instantie ({round}).");
        let posted = author
            .post(&format!("/{SLUG}/reacties"), &[("body", text.as_str())])
            .await;
        assert_eq!(posted.status(), StatusCode::SEE_OTHER);
        let id = location(&posted);
        let since = Instant::now();
        let mut seen = String::new();
        while !(seen.contains("event: nieuw") && seen.contains(&text)) {
            let left = Duration::from_secs(1).saturating_sub(since.elapsed());
            match tokio::time::timeout(left, stream.chunk()).await {
                Ok(Ok(Some(bytes))) => seen.push_str(&String::from_utf8_lossy(&bytes)),
                _ => panic!(
                    "round {round}: no event for {id} within 1 s on the other instance: {seen}"
                ),
            }
        }
    }
    drop(stream);
    site.stop();
}

#[tokio::test]
async fn the_failed_login_throttle_counts_across_instances_and_rate_limits_per_instance() {
    let Some(base) = server() else { return };
    let site = Site::start(
        &base,
        &["--login-failures", "4", "--previews-per-minute", "3"],
    )
    .await;
    // Four wrong passwords, two on each instance, from one client.
    for base in [site.a(), site.b(), site.a(), site.b()] {
        let wrong = browser(&base)
            .login(AUTHOR, "verkeerd-wachtwoord-hier")
            .await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "on {base}");
    }
    // The fifth attempt is refused on either, even with the right password.
    for base in [site.a(), site.b()] {
        let right = browser(&base).login(AUTHOR, PASSWORD).await;
        assert_eq!(
            right.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "the throttle is the site's, not the instance's ({base})"
        );
    }

    // In-memory limits are each instance's own: through the proxy, a client
    // gets at most twice the limit (three previews a minute per instance).
    let proxied = through(&proxy(vec![site.a(), site.b()]).await);
    let mut allowed = 0;
    for n in 0..12 {
        let body = format!("Voorbeeld {n}");
        let response = proxied.post("/voorbeeld", &[("body", body.as_str())]).await;
        match response.status() {
            StatusCode::OK => allowed += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("preview {n}: {other}"),
        }
    }
    assert_eq!(
        allowed, 6,
        "three per instance, two instances: the documented bound"
    );
    site.stop();
}

#[tokio::test]
async fn killing_one_instance_mid_burst_loses_nothing_and_the_other_keeps_serving() {
    let Some(base) = server() else { return };
    let mut site = Site::start(&base, &["--rate-limits", "off"]).await;
    let front = proxy(vec![site.a(), site.b()]).await;
    let (a, _) = site.a.take().expect("instance A");
    // Killed a second into three seconds of posts spread over both instances.
    let (acknowledged, unanswered) = kill_mid_burst(
        || through(&front),
        a,
        Duration::from_secs(1),
        Duration::from_secs(3),
        &site.database,
    )
    .await;
    assert!(acknowledged >= 40, "the burst got going: {acknowledged}");
    // Only posts cut off by the kill go unanswered; the proxy sends the next
    // ones to B.
    assert!(unanswered <= 8 * 2, "{unanswered} posts got no answer");
    let survivor = browser(&site.b());
    assert_eq!(survivor.get("/healthz").await.status(), StatusCode::OK);
    let after = author_on(&site.b()).await;
    let text = "Na het wegvallen van de ene instantie.";
    let posted = after
        .post(&format!("/{SLUG}/reacties"), &[("body", text)])
        .await;
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);
    assert!(
        through(&front)
            .get_html(&format!("/{SLUG}"))
            .await
            .contains(text)
    );
    // The duties (mail, housekeeping) of the killed instance pass on: a new
    // instance starts beside the survivor and serves.
    let (again, address) = start_server(&site.database, &site.content, &[]).await;
    assert_eq!(
        browser(&address).get("/healthz").await.status(),
        StatusCode::OK
    );
    stop(again);
    site.stop();
}

#[tokio::test]
async fn each_mail_is_sent_once_and_another_instance_takes_the_outbox_over() {
    let Some(base) = server() else { return };
    let smtp = SmtpServer::start().await;
    // A mail takes longer to hand over than the outboxes' second between
    // looks: an instance that sent without holding the outbox would send a
    // mail again while the first is still being handed over.
    smtp.accept_slowly(Duration::from_millis(1500));
    let url = smtp.url();
    let mail = [
        "--smtp-url",
        &url,
        "--mail-from",
        "reacties@blog.example.nl",
    ];
    // A is up and holds the outbox a second and a half before B starts.
    let mut site = Site::start_after(&base, &mail, Duration::from_millis(1500)).await;
    let ask_for_mail = |on: String, n: usize| async move {
        let reader = browser(&on);
        let name = format!("postlezer{n}");
        assert_eq!(
            reader.register(&name, PASSWORD).await.status(),
            StatusCode::SEE_OTHER
        );
        let address = format!("lezer{n}@example.nl");
        let added = reader.post("/account/e-mail", &[("adres", &address)]).await;
        assert_eq!(added.status(), StatusCode::SEE_OTHER);
        address
    };
    let mut addresses = Vec::new();
    for n in 0..4 {
        let on = if n % 2 == 0 { site.a() } else { site.b() };
        addresses.push(ask_for_mail(on, n).await);
    }
    for address in &addresses {
        smtp.wait_for(address, 1).await;
    }
    // Both outboxes looked several times meanwhile; one sent.
    tokio::time::sleep(Duration::from_secs(4)).await;
    for address in &addresses {
        assert_eq!(smtp.mails_to(address).len(), 1, "{address} got one mail");
    }
    // The instance holding the outbox goes away; B takes it over.
    let (a, _) = site.a.take().expect("instance A");
    stop(a);
    let after = ask_for_mail(site.b(), 9).await;
    smtp.wait_for(&after, 1).await;
    site.stop();
}

#[tokio::test]
async fn a_stance_taken_through_one_instance_shows_in_the_others_tally() {
    let Some(base) = server() else { return };
    let site = Site::start(&base, &[]).await;
    let voter = browser(&site.a());
    assert_eq!(
        voter.register("stemmer", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let tally = |html: String| {
        let page = scraper::Html::parse_document(&html);
        crate::helpers::texts(&page, "#stem-2 .telling-tekst").join(" ")
    };
    let anonymous_b = browser(&site.b());
    assert_eq!(
        tally(anonymous_b.get_html(&format!("/{SLUG}")).await),
        "0 JA · 0 NEE"
    );
    let voted = voter
        .post(&format!("/{SLUG}/redenen/2"), &[("keuze", "ja")])
        .await;
    assert_eq!(voted.status(), StatusCode::SEE_OTHER);
    // Stances come in bursts, so pages retire within a second of one, on
    // every instance (the cache keeps serving in between).
    let since = Instant::now();
    while tally(anonymous_b.get_html(&format!("/{SLUG}")).await) != "1 JA · 0 NEE" {
        assert!(
            since.elapsed() < Duration::from_millis(2500),
            "the other instance's page never counted the stance"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    site.stop();
}
