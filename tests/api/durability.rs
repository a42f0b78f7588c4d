//! Nothing acknowledged is ever lost, and writes that meet each other resolve
//! cleanly: poisoned connections, a bad row in a batch, bans and shadowbans that
//! land while reactions are on their way, author actions under load, and
//! concurrent edits of one reaction.

use std::collections::BTreeSet;
use std::time::Duration;

use reacties::comments::model::ReactionStatus;
use reacties::comments::store::NewReaction;
use reacties::comments::writer::Stored;
use reacties::sql::Conn;
use reqwest::StatusCode;
use sqlx::Connection;

use crate::helpers::{Browser, SLUG, TestApp, location};

/// A connection of the test's own that holds SQLite's write lock (BEGIN
/// IMMEDIATE) until the test commits or rolls back.
#[cfg(not(postgres))]
pub async fn hold_write_lock(app: &TestApp) -> Conn {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&app.config.database);
    let mut conn = Conn::connect_with(&options)
        .await
        .expect("a second connection");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut conn)
        .await
        .expect("the write lock");
    conn
}

/// A connection of the test's own that holds the site's write lock (the
/// advisory lock every write transaction takes first) until the test commits
/// or rolls back.
#[cfg(postgres)]
pub async fn hold_write_lock(app: &TestApp) -> Conn {
    let url = app.config.database.to_str().expect("address");
    let mut conn = Conn::connect(url).await.expect("a second connection");
    sqlx::query("BEGIN")
        .execute(&mut conn)
        .await
        .expect("begin");
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('reacties ' || current_schema()))")
        .execute(&mut conn)
        .await
        .expect("the write lock");
    conn
}

/// Leaves `count` pooled connections the way a failed COMMIT followed by a
/// failed ROLLBACK does: sqlx still counts a transaction and SQLite still has
/// one open, so a later "commit" on such a connection would only release a
/// savepoint inside it.
#[cfg(not(postgres))]
async fn poison(pool: &reacties::sql::Pool, count: usize) {
    let mut held = Vec::new();
    for _ in 0..count {
        let mut tx = pool.begin().await.expect("begin");
        let inner = Connection::begin(&mut *tx).await.expect("savepoint");
        // Never finished: its depth stays counted once the outer one is rolled back
        // to the savepoint.
        std::mem::forget(inner);
        held.push(tx);
    }
    drop(held);
    // The rollbacks queued by the drops run when the connections go back to the pool.
    tokio::time::sleep(Duration::from_millis(300)).await;
}

fn melding(response: &reqwest::Response) -> String {
    let location = location(response);
    location
        .split_once("melding=")
        .map(|(_, rest)| rest.split(['&', '#']).next().unwrap_or("").to_owned())
        .unwrap_or_default()
}

// How sqlx and SQLite count a transaction left open; the PostgreSQL pool
// resets a returned connection itself.
#[cfg(not(postgres))]
#[tokio::test]
async fn a_connection_left_inside_a_transaction_is_closed_and_no_acknowledged_reaction_is_lost() {
    let mut app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("volhouder").await;
    let first = reader.react("Voor het gif", None).await;
    poison(&app.pool, 4).await;

    let mut acknowledged = Vec::new();
    for i in 0..6 {
        let text = format!("Na het gif {i}");
        let response = reader.post_reaction(&text, None).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "posting {text}");
        acknowledged.push((crate::helpers::reaction_id(&response), text));
    }
    let hidden = author.moderate(first, "verbergen", "/moderatie").await;
    assert_eq!(hidden.status(), StatusCode::SEE_OTHER, "an author action");

    app.restart().await;
    for (id, text) in acknowledged {
        let stored: Option<String> =
            sqlx::query_scalar("SELECT body_source FROM reactions WHERE id = $1")
                .bind(id)
                .fetch_optional(&app.pool)
                .await
                .expect("read");
        assert_eq!(stored.as_deref(), Some(text.as_str()), "reaction {id}");
    }
    assert_eq!(app.status_of(first).await, "hidden");
}

pub fn new_reaction(user_id: i64, text: &str, parent_id: Option<i64>, now: i64) -> NewReaction {
    NewReaction {
        slug: SLUG.into(),
        user_id: Some(user_id),
        guest_name: None,
        parent_id,
        reason: None,
        source: text.into(),
        html: format!("<p>{text}</p>"),
        status: ReactionStatus::Approved,
        held_reason: None,
        created_at: now,
        draft_of: None,
    }
}

#[tokio::test]
async fn a_reaction_that_cannot_be_stored_fails_alone_and_its_batch_neighbours_are_stored() {
    let app = TestApp::spawn_open().await;
    app.reader("buurman").await;
    let user_id = app.user_id("buurman").await;
    let now = app.clock_now();
    let writer = app.state().writer.clone();

    // While the test holds the write lock, the writer waits with its first
    // reaction and everything sent after it queues up for one batch.
    let mut lock = hold_write_lock(&app).await;
    let first = {
        let writer = writer.clone();
        tokio::spawn(async move {
            writer
                .insert(new_reaction(user_id, "De eerste", None, now))
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut good = Vec::new();
    let mut bad = None;
    for i in 0..20 {
        if i == 10 {
            let writer = writer.clone();
            // A reply to a reaction that does not exist: the foreign key refuses it.
            bad = Some(tokio::spawn(async move {
                writer
                    .insert(new_reaction(user_id, "Het antwoord", Some(987_654), now))
                    .await
            }));
        }
        let writer = writer.clone();
        good.push(tokio::spawn(async move {
            writer
                .insert(new_reaction(user_id, &format!("Buur {i}"), None, now))
                .await
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    sqlx::query("ROLLBACK")
        .execute(&mut lock)
        .await
        .expect("release");

    assert!(matches!(first.await.expect("task"), Ok(Stored::Id(_))));
    for (i, handle) in good.into_iter().enumerate() {
        let result = handle.await.expect("task");
        assert!(matches!(result, Ok(Stored::Id(_))), "neighbour {i}");
    }
    assert!(bad.expect("sent").await.expect("task").is_err());
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 21);
}

/// Posts `n` reactions at once from `reader`; the responses, in order.
async fn post_many(
    reader: &Browser,
    prefix: &str,
    n: usize,
) -> Vec<tokio::task::JoinHandle<(StatusCode, String)>> {
    (0..n)
        .map(|i| {
            let reader = reader.clone();
            let text = format!("{prefix} {i}");
            tokio::spawn(async move {
                let response = reader.post_reaction(&text, None).await;
                let status = response.status();
                (status, response.text().await.unwrap_or_default())
            })
        })
        .collect()
}

#[tokio::test]
async fn a_ban_that_lands_while_reactions_are_on_their_way_stops_them_all() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("haastig").await;
    reader.react("Eerder geplaatst", None).await;
    let user_id = app.user_id("haastig").await;

    // The reactions pass every check, then wait for the writer behind the lock;
    // the ban with "hide earlier reactions" commits first.
    let mut lock = hold_write_lock(&app).await;
    let posts = post_many(&reader, "Onderweg", 8).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for sql in [
        "UPDATE users SET banned_at = 1, ban_reason = 'ruzie' WHERE id = $1",
        "UPDATE reactions SET status = 'hidden' WHERE user_id = $1 AND status IN ('approved', 'pending', 'shadow')",
    ] {
        sqlx::query(sql)
            .bind(user_id)
            .execute(&mut lock)
            .await
            .expect("ban");
    }
    sqlx::query("COMMIT")
        .execute(&mut lock)
        .await
        .expect("commit the ban");

    for post in posts {
        let (status, body) = post.await.expect("task");
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body.contains("geblokkeerd"), "{body}");
    }
    let visible = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM reactions WHERE user_id = $1 AND status IN ('approved', 'pending', 'shadow')",
    )
    .bind(user_id)
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(visible, 0);
}

#[tokio::test]
async fn a_shadowban_that_lands_while_reactions_are_on_their_way_shadows_them_all() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("schimmig").await;
    let user_id = app.user_id("schimmig").await;

    let mut lock = hold_write_lock(&app).await;
    let posts = post_many(&reader, "In de schaduw", 6).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    sqlx::query("UPDATE users SET shadowbanned = 1 WHERE id = $1")
        .bind(user_id)
        .execute(&mut lock)
        .await
        .expect("shadowban");
    sqlx::query("COMMIT")
        .execute(&mut lock)
        .await
        .expect("commit");

    for post in posts {
        // To the writer it looks like any other reaction.
        assert_eq!(post.await.expect("task").0, StatusCode::SEE_OTHER);
    }
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT status FROM reactions WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&app.pool)
            .await
            .expect("statuses");
    assert_eq!(statuses, vec!["shadow".to_string(); 6]);
}

#[tokio::test]
async fn a_ban_during_a_burst_of_posts_leaves_no_reaction_of_that_reader_published() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    for round in 0..3 {
        let name = format!("stormloop{round}");
        let reader = app.reader(&name).await;
        reader.react("Al eerder", None).await;
        let user_id = app.user_id(&name).await;
        let posts = post_many(&reader, &format!("Storm {round}"), 30).await;
        tokio::time::sleep(Duration::from_millis(20 * round)).await;
        let banned = author
            .post(
                &format!("/moderatie/lezers/{user_id}/blokkeren"),
                &[("reden", "storm"), ("tot", ""), ("verbergen", "1")],
            )
            .await;
        assert_eq!(banned.status(), StatusCode::SEE_OTHER);
        for post in posts {
            let (status, body) = post.await.expect("task");
            assert!(
                status == StatusCode::SEE_OTHER || status == StatusCode::FORBIDDEN,
                "{status}: {body}"
            );
        }
        let visible = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM reactions WHERE user_id = $1 AND status IN ('approved', 'pending', 'shadow')",
        )
        .bind(user_id)
        .fetch_one(&app.pool)
        .await
        .expect("count");
        assert_eq!(visible, 0, "round {round}");
    }
}

#[tokio::test]
async fn approving_and_rejecting_one_reaction_at_once_resolves_to_one_outcome() {
    let app = TestApp::spawn().await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    let author = app.author().await;
    let reader = app.reader("wachter").await;
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(reader.react_any(&format!("Wacht {i}"), None).await);
    }
    let mut pairs = Vec::new();
    for &id in &ids {
        let seen = format!("gezien-{id}");
        let [approve, reject] = ["goedkeuren", "afwijzen"].map(|action| {
            let author = author.clone();
            let seen = seen.clone();
            tokio::spawn(async move {
                author
                    .post(
                        &format!("/moderatie/reacties/{id}/{action}"),
                        &[("terug", "/moderatie"), (seen.as_str(), "pending")],
                    )
                    .await
            })
        });
        pairs.push((id, approve, reject));
    }
    for (id, approve, reject) in pairs {
        let approve = approve.await.expect("task");
        let reject = reject.await.expect("task");
        assert_eq!(approve.status(), StatusCode::SEE_OTHER, "approve {id}");
        assert_eq!(reject.status(), StatusCode::SEE_OTHER, "reject {id}");
        let outcomes = [melding(&approve), melding(&reject)];
        let status = app.status_of(id).await;
        match status.as_str() {
            "approved" => assert_eq!(outcomes, ["goedgekeurd", "verouderd"], "{id}"),
            "rejected" => assert_eq!(outcomes, ["verouderd", "afgewezen"], "{id}"),
            other => panic!("reaction {id} ended up {other}"),
        }
        assert_eq!(
            app.audit_actions(id).await.len(),
            1,
            "one decision for {id}"
        );
    }

    // The queue's forms say what the author saw, so the page sends it along.
    let next = reader.react_any("Nog een", None).await;
    let queue = author.get_html("/moderatie").await;
    assert!(
        queue.contains(&format!(r#"name="gezien-{next}" value="pending""#)),
        "{queue}"
    );
}

#[tokio::test]
async fn author_actions_never_fail_while_readers_post() {
    let app = TestApp::spawn().await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    let author = app.author().await;
    let waiting = app.reader("geduldig").await;
    let mut held = Vec::new();
    for i in 0..24 {
        held.push(
            waiting
                .react_any(&format!("In de wachtrij {i}"), None)
                .await,
        );
    }
    app.set("UPDATE settings SET premoderation = 'none'").await;
    let mut readers = Vec::new();
    for i in 0..6 {
        readers.push(app.reader(&format!("druk{i}")).await);
    }
    app.reader("dwarsligger").await;
    let troublemaker_id = app.user_id("dwarsligger").await;

    let mut burst = Vec::new();
    for (r, reader) in readers.iter().enumerate() {
        burst.extend(post_many(reader, &format!("Druk {r}"), 15).await);
    }
    let mut statuses = Vec::new();
    for (i, &id) in held.iter().enumerate() {
        let action = if i % 3 == 0 { "afwijzen" } else { "goedkeuren" };
        statuses.push((
            format!("{action} {id}"),
            author.moderate(id, action, "/moderatie").await.status(),
        ));
        if i % 6 == 0 {
            let edited = author
                .post(
                    &format!("/moderatie/reacties/{id}/bewerken"),
                    &[
                        ("body", format!("Bewerkt {i}").as_str()),
                        ("note", "typfout"),
                        ("terug", "/moderatie"),
                    ],
                )
                .await;
            statuses.push((format!("edit {id}"), edited.status()));
        }
        if i % 8 == 0 {
            let settings = author
                .post(
                    "/moderatie/instellingen",
                    &[
                        ("premoderatie", "none"),
                        ("links", &(2 + i).to_string()),
                        ("accountleeftijd", "0"),
                        ("meldingen", "3"),
                    ],
                )
                .await;
            statuses.push((format!("settings {i}"), settings.status()));
            let closed = author
                .post(
                    &format!("/moderatie/artikelen/{SLUG}"),
                    &[("gesloten", "0")],
                )
                .await;
            statuses.push((format!("open {i}"), closed.status()));
        }
        if i % 12 == 0 {
            for action in ["blokkeren", "deblokkeren", "vertrouwen", "wantrouwen"] {
                let done = author
                    .post(
                        &format!("/moderatie/lezers/{troublemaker_id}/{action}"),
                        &[("reden", "even"), ("tot", "")],
                    )
                    .await;
                statuses.push((format!("{action} {i}"), done.status()));
            }
        }
    }
    for (what, status) in &statuses {
        assert!(
            status.is_redirection() || status.is_success(),
            "{what}: {status}"
        );
    }
    for post in burst {
        let (status, body) = post.await.expect("task");
        assert!(!status.is_server_error(), "{status}: {body}");
    }
}

#[tokio::test]
async fn concurrent_edits_of_one_reaction_keep_every_version_in_its_history() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("schrijver").await;
    let id = reader.react("Versie nul", None).await;

    let mut edits = Vec::new();
    let mut texts = BTreeSet::new();
    for i in 0..20 {
        let (browser, path, text) = if i % 2 == 0 {
            (
                reader.clone(),
                format!("/reacties/{id}/bewerken"),
                format!("Lezer {i}"),
            )
        } else {
            (
                author.clone(),
                format!("/moderatie/reacties/{id}/bewerken"),
                format!("Auteur {i}"),
            )
        };
        texts.insert(text.clone());
        edits.push(tokio::spawn(async move {
            browser
                .post(
                    &path,
                    &[
                        ("body", text.as_str()),
                        ("note", ""),
                        ("terug", "/moderatie"),
                    ],
                )
                .await
                .status()
        }));
    }
    for edit in edits {
        assert_eq!(edit.await.expect("task"), StatusCode::SEE_OTHER);
    }

    let history: Vec<String> = sqlx::query_scalar(
        "SELECT body_source FROM reaction_revisions WHERE reaction_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .expect("history");
    let current: String = sqlx::query_scalar("SELECT body_source FROM reactions WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .expect("current");
    assert_eq!(history.len(), 20);
    assert_eq!(history[0], "Versie nul");
    // Each edit replaced the one before it: every version appears exactly once.
    let later: BTreeSet<String> = history[1..]
        .iter()
        .cloned()
        .chain(std::iter::once(current))
        .collect();
    assert_eq!(later, texts);
}

/// A form's fields, owned so it can move into a task.
type Form = Vec<(&'static str, String)>;

#[tokio::test]
async fn every_write_waits_for_the_write_lock_instead_of_failing() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("wachtend").await;
    let other = app.reader("ander").await;
    let id = reader.react("Om te bewerken", None).await;
    let theirs = other.react("Om te melden", None).await;
    let reader_id = app.user_id("wachtend").await;

    let settings = [
        ("premoderatie", "none"),
        ("links", "3"),
        ("accountleeftijd", "0"),
        ("meldingen", "3"),
    ];
    let requests: Vec<(&str, Browser, String, Form)> = vec![
        (
            "settings",
            author.clone(),
            "/moderatie/instellingen".into(),
            settings
                .iter()
                .map(|(k, v)| (*k, (*v).to_owned()))
                .collect(),
        ),
        (
            "close",
            author.clone(),
            format!("/moderatie/artikelen/{SLUG}"),
            vec![("gesloten", "0".into())],
        ),
        (
            "feed",
            author.clone(),
            "/moderatie/feed/vernieuwen".into(),
            vec![],
        ),
        (
            "reader edit",
            reader.clone(),
            format!("/reacties/{id}/bewerken"),
            vec![("body", "Bewerkt terwijl het druk was".into())],
        ),
        (
            "author edit",
            author.clone(),
            format!("/moderatie/reacties/{theirs}/bewerken"),
            vec![
                ("body", "Door de auteur".into()),
                ("terug", "/moderatie".into()),
            ],
        ),
        (
            "hide",
            author.clone(),
            format!("/moderatie/reacties/{id}/verbergen"),
            vec![("terug", "/moderatie".into())],
        ),
        (
            "report",
            reader.clone(),
            format!("/reacties/{theirs}/melden"),
            vec![("reden", "Klopt niet".into())],
        ),
        (
            "trust",
            author.clone(),
            format!("/moderatie/lezers/{reader_id}/vertrouwen"),
            vec![],
        ),
        (
            "password",
            other.clone(),
            "/account/wachtwoord".into(),
            vec![
                ("huidig", crate::helpers::PASSWORD.into()),
                ("nieuw", "een-heel-ander-wachtwoord-7".into()),
            ],
        ),
    ];
    // One at a time, each while another writer holds the lock and has changed
    // the database: a transaction that read before it could write would fail at
    // once (SQLITE_BUSY) or find its snapshot stale (SQLITE_BUSY_SNAPSHOT).
    for (what, browser, path, form) in requests {
        let mut lock = hold_write_lock(&app).await;
        sqlx::query("UPDATE users SET created_at = created_at")
            .execute(&mut lock)
            .await
            .expect("a change");
        let sent = tokio::spawn(async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            browser.post(&path, &form).await.status()
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        sqlx::query("COMMIT")
            .execute(&mut lock)
            .await
            .expect("release");
        let status = sent.await.expect("task");
        assert!(status.is_redirection(), "{what}: {status}");
    }
}

// A request whose client goes away drops its future wherever it waits, also
// while its transaction waits for the site's write lock. The connection must
// not go back to the pool holding that lock (or waiting to take it) inside a
// transaction nobody will end: every later write, on every instance, would
// wait for it.
#[tokio::test]
async fn a_write_given_up_while_it_waits_for_the_lock_leaves_no_lock_behind() {
    let app = TestApp::spawn().await;
    let mut lock = hold_write_lock(&app).await;
    for _ in 0..3 {
        let waiting = tokio::time::timeout(
            Duration::from_millis(200),
            reacties::db::begin_write(&app.pool),
        )
        .await;
        assert!(
            waiting.is_err(),
            "the write lock is held: begin_write waits"
        );
    }
    sqlx::query("ROLLBACK")
        .execute(&mut lock)
        .await
        .expect("release");

    // Another connection, and then every write through the pool, takes the
    // lock as soon as it is free.
    let mut again = tokio::time::timeout(Duration::from_secs(5), hold_write_lock(&app))
        .await
        .expect("nobody kept the write lock");
    sqlx::query("ROLLBACK")
        .execute(&mut again)
        .await
        .expect("release");
    for _ in 0..8 {
        let tx = tokio::time::timeout(Duration::from_secs(5), reacties::db::begin_write(&app.pool))
            .await
            .expect("the pool's connections take the lock")
            .expect("begin");
        tx.commit().await.expect("commit");
    }
}
