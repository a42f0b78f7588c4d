//! Importing from WordPress, Disqus and Isso: threads, dates, states, names and
//! sanitised text arrive; a second run adds nothing; what matches no article is
//! listed; `--dry-run` stores nothing.

use std::path::{Path, PathBuf};

use reacties::transfer::report::Report;
use reacties::transfer::run::{self, Kind, Options};

use crate::helpers::{SLUG, TestApp, reaction_texts};

pub fn fixture(name: &str) -> PathBuf {
    crate::helpers::repo()
        .join("tests")
        .join("fixtures")
        .join(name)
}

pub async fn import(
    app: &TestApp,
    kind: Kind,
    file: &Path,
    options: &Options,
) -> anyhow::Result<Report> {
    run::import(&app.pool, &app.config.content, kind, file, options).await
}

/// One imported reaction, found by its source id.
#[derive(Debug, sqlx::FromRow)]
pub struct Imported {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub root_id: Option<i64>,
    pub user_id: Option<i64>,
    pub status: String,
    pub created_at: i64,
    pub guest_name: Option<String>,
    pub body_html: String,
}

pub async fn imported(app: &TestApp, source: &str, id: &str) -> Imported {
    sqlx::query_as(
        "SELECT r.id, r.parent_id, r.root_id, r.user_id, r.status, r.created_at, r.guest_name, r.body_html
         FROM import_sources s JOIN reactions r ON r.id = s.reaction_id
         WHERE s.source = $1 AND s.source_id = $2",
    )
    .bind(source)
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap_or_else(|e| panic!("{source} {id} imported: {e}"))
}

/// Builds Isso's database from the SQL fixture in a temp dir.
pub async fn isso_db(dir: &Path) -> PathBuf {
    let path = dir.join("isso.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("isso db");
    let sql = std::fs::read_to_string(fixture("isso.sql")).expect("fixture");
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&pool)
        .await
        .expect("isso schema");
    pool.close().await;
    path
}

#[tokio::test]
async fn a_wordpress_export_arrives_with_its_threads_dates_states_and_safe_text() {
    let app = TestApp::spawn().await;
    let report = import(
        &app,
        Kind::WordPress,
        &fixture("wordpress.xml"),
        &Options::default(),
    )
    .await
    .expect("imports");
    assert_eq!(report.imported(), 6, "{}", report.render());
    assert_eq!(report.trash, 2, "trash and a pingback are skipped");
    assert_eq!(report.unmatched.get("over-mij"), Some(&1));
    let rendered = report.render();
    assert!(
        rendered.contains("antwoord op onbekende reactie 999"),
        "{rendered}"
    );
    assert!(
        rendered.contains("zeven-redenen-voor-nee: 4 geplaatst, 1 wacht op goedkeuring, 1 spam"),
        "{rendered}"
    );

    let first = imported(&app, "wordpress", "101").await;
    let reply = imported(&app, "wordpress", "102").await;
    let deep = imported(&app, "wordpress", "104").await;
    assert_eq!(first.parent_id, None);
    assert_eq!(reply.parent_id, Some(first.id));
    assert_eq!(deep.root_id, Some(first.id));
    assert_eq!(deep.status, "pending");
    assert_eq!(imported(&app, "wordpress", "105").await.status, "spam");
    // comment_date_gmt, 2019-03-02 09:15:00 UTC
    assert_eq!(first.created_at, 1_551_518_100);
    assert_eq!(first.guest_name.as_deref(), Some("Anneke de Vries"));
    assert!(
        first.body_html.contains("<strong>vet</strong>"),
        "{}",
        first.body_html
    );
    assert!(!first.body_html.contains("<script"), "{}", first.body_html);
    assert!(
        !first.body_html.contains("javascript:"),
        "{}",
        first.body_html
    );
    let orphan = imported(&app, "wordpress", "108").await;
    assert_eq!(
        (orphan.parent_id, orphan.guest_name.as_deref()),
        (None, Some("Anoniem"))
    );

    let page = app.browser().article().await;
    let texts = reaction_texts(&page).join("\n");
    assert!(
        texts.contains("Eerste! Mooi stuk over \"nee\" zeggen & grenzen."),
        "{texts}"
    );
    assert!(
        texts.contains("ik zeg vaker \"ja\" dan <nee>. 🙂"),
        "{texts}"
    );
    assert!(
        !texts.contains("Vierde niveau"),
        "pending stays off the page"
    );
    assert!(!texts.contains("pillen"), "spam stays off the page");
}

#[tokio::test]
async fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    let app = TestApp::spawn().await;
    for (kind, file) in [
        (Kind::WordPress, fixture("wordpress.xml")),
        (Kind::Disqus, fixture("disqus.xml")),
    ] {
        let first = import(&app, kind, &file, &Options::default())
            .await
            .expect("first");
        let before = app.count("SELECT count(*) FROM reactions").await;
        let second = import(&app, kind, &file, &Options::default())
            .await
            .expect("second");
        assert!(first.imported() > 0);
        assert_eq!(second.imported(), 0, "{}", second.render());
        assert_eq!(second.already, first.imported());
        assert_eq!(app.count("SELECT count(*) FROM reactions").await, before);
    }
}

#[tokio::test]
async fn a_disqus_export_keeps_parents_given_after_their_replies_and_maps_addresses() {
    let app = TestApp::spawn().await;
    let report = import(
        &app,
        Kind::Disqus,
        &fixture("disqus.xml"),
        &Options::default(),
    )
    .await
    .expect("imports");
    assert_eq!(report.imported(), 5, "{}", report.render());
    assert_eq!(report.trash, 1);
    assert_eq!(
        report
            .unmatched
            .get("http://oud.example.nl/blog/bestaat-hier-niet.html"),
        Some(&1)
    );
    let kees = imported(&app, "disqus", "9001").await;
    let marieke = imported(&app, "disqus", "9003").await;
    let fourth = imported(&app, "disqus", "9005").await;
    assert!(
        kees.id < marieke.id,
        "a parent gets the lower id, whatever the file order"
    );
    assert_eq!(marieke.parent_id, Some(kees.id));
    assert_eq!(fourth.root_id, Some(kees.id));
    assert_eq!(imported(&app, "disqus", "9006").await.status, "spam");
    assert!(
        kees.body_html.contains("<em>Mooi</em>"),
        "{}",
        kees.body_html
    );
    assert!(
        kees.body_html.contains("Ĳzersterk &amp; eerlijk"),
        "{}",
        kees.body_html
    );
    assert!(!kees.body_html.contains("onerror"), "{}", kees.body_html);
    assert!(!kees.body_html.contains("<img"), "{}", kees.body_html);

    // The thread that matched nothing comes in with --map, and only it.
    let mapped = Options {
        maps: vec![format!(
            "http://oud.example.nl/blog/bestaat-hier-niet.html={SLUG}"
        )],
        ..Options::default()
    };
    let again = import(&app, Kind::Disqus, &fixture("disqus.xml"), &mapped)
        .await
        .expect("map");
    assert_eq!(again.imported(), 1, "{}", again.render());
    assert!(again.unmatched.is_empty());
    let wrong = Options {
        maps: vec!["http://x=bestaat-niet".into()],
        ..Options::default()
    };
    let refused = import(&app, Kind::Disqus, &fixture("disqus.xml"), &wrong).await;
    let message = format!("{:#}", refused.expect_err("unknown slug"));
    assert!(
        message.contains("geen artikel met slug 'bestaat-niet'"),
        "{message}"
    );
}

#[tokio::test]
async fn an_isso_database_arrives_as_markdown_and_names_can_match_accounts() {
    let app = TestApp::spawn_open().await;
    let _fatima = app.reader("Fatima").await;
    let dir = tempfile::tempdir().expect("dir");
    let db = isso_db(dir.path()).await;
    let options = Options {
        match_accounts: true,
        ..Options::default()
    };
    let report = import(&app, Kind::Isso, &db, &options)
        .await
        .expect("imports");
    assert_eq!(report.imported(), 5, "{}", report.render());
    assert_eq!(report.trash, 1);
    assert_eq!(report.unmatched.get("/elders/"), Some(&1));
    let rendered = report.render();
    assert!(
        rendered.contains("id 6: antwoord op onbekende reactie 5"),
        "{rendered}"
    );

    let first = imported(&app, "isso", "1").await;
    assert!(
        first.body_html.contains("<strong>punt</strong>"),
        "{}",
        first.body_html
    );
    assert!(
        first.body_html.contains("&lt;script&gt;"),
        "{}",
        first.body_html
    );
    assert_eq!(first.user_id, Some(app.user_id("Fatima").await));
    assert_eq!(first.guest_name, None);
    assert_eq!(first.created_at, 1_551_517_200);
    let second = imported(&app, "isso", "2").await;
    assert_eq!(
        (second.parent_id, second.guest_name.as_deref()),
        (Some(first.id), Some("Anoniem"))
    );
    assert_eq!(imported(&app, "isso", "4").await.status, "pending");
    assert_eq!(imported(&app, "isso", "4").await.root_id, Some(first.id));
}

#[tokio::test]
async fn a_dry_run_tells_what_would_happen_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let options = Options {
        dry_run: true,
        ..Options::default()
    };
    let report = import(&app, Kind::WordPress, &fixture("wordpress.xml"), &options)
        .await
        .expect("dry run");
    assert_eq!(report.imported(), 6);
    assert!(
        report.render().starts_with("Proefdraaien (--dry-run)"),
        "{}",
        report.render()
    );
    assert_eq!(app.count("SELECT count(*) FROM reactions").await, 0);
    assert_eq!(app.count("SELECT count(*) FROM import_sources").await, 0);
    assert_eq!(app.count("SELECT count(*) FROM import_staging").await, 0);
}
