//! A group commit stores what the same reactions stored one at a time would:
//! the same rows with the same standing (duplicates, a banned writer, a
//! shadowbanned one, a held reaction, a guest) and the same notifications (a
//! reply, the author's "new", a reason's readers). On PostgreSQL a batch goes
//! in as one statement, so this compares that statement with one-row batches.

use std::collections::BTreeSet;
use std::time::Duration;

use reacties::comments::model::ReactionStatus;
use reacties::comments::store::NewReaction;
use reacties::comments::writer::Stored;
use reqwest::StatusCode;

use crate::durability::{hold_write_lock, new_reaction};
use crate::helpers::{AUTHOR, SLUG, TestApp};

/// What a run leaves behind, by text rather than id: each answer, each stored
/// reaction with its status, and each notification (who, what kind, of which text).
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    answers: Vec<String>,
    reactions: BTreeSet<(String, String)>,
    notifications: BTreeSet<(String, String, String)>,
}

/// The site before the batch: an earlier reaction to reply to, an earlier
/// text to repeat, a banned and a shadowbanned reader, a reader who took a
/// stance on reason 2 and asked to hear of reactions about it. The reactions
/// of the batch, in the order they are sent.
async fn arrange(app: &TestApp) -> Vec<NewReaction> {
    let author = app.author().await;
    let parent = app.reader("ouder").await;
    let writer = app.reader("schrijver").await;
    app.reader("verbannen").await;
    app.reader("schaduw").await;
    let voter = app.reader("stemmer").await;
    let earlier = parent.react("Het begin van het gesprek.", None).await;
    writer.react("Al eerder gezegd.", None).await;
    let voted = voter
        .post(&format!("/{SLUG}/redenen/2"), &[("keuze", "ja")])
        .await;
    assert_eq!(voted.status(), StatusCode::SEE_OTHER);
    app.set("UPDATE users SET notify_reasons = 1 WHERE username = 'stemmer'")
        .await;
    app.set("UPDATE users SET banned_at = 1 WHERE username = 'verbannen'")
        .await;
    app.set("UPDATE users SET shadowbanned = 1 WHERE username = 'schaduw'")
        .await;
    drop(author);

    let now = app.clock_now();
    let by = |name: &str| {
        let name = name.to_owned();
        async move { app.user_id(&name).await }
    };
    let (writer_id, banned, shadow) = (
        by("schrijver").await,
        by("verbannen").await,
        by("schaduw").await,
    );
    let mut about = new_reaction(writer_id, "Over de tweede reden.", None, now);
    about.reason = Some(2);
    let mut held = new_reaction(writer_id, "Dit wacht op de schrijver.", None, now);
    held.status = ReactionStatus::Pending;
    held.held_reason = Some("first".into());
    let mut guest = new_reaction(writer_id, "Van een gast.", None, now);
    guest.user_id = None;
    guest.guest_name = Some("Bezoeker".into());
    guest.status = ReactionStatus::Pending;
    vec![
        new_reaction(writer_id, "Een antwoord op het begin.", Some(earlier), now),
        new_reaction(writer_id, "Al eerder gezegd.", None, now),
        new_reaction(banned, "Een verbannen tekst.", None, now),
        new_reaction(shadow, "Een tekst uit de schaduw.", None, now),
        about,
        held,
        // The same text twice in one batch: the second is a duplicate.
        new_reaction(writer_id, "Een antwoord  op het begin.", Some(earlier), now),
        guest,
        new_reaction(writer_id, "Gewoon een reactie.", None, now),
    ]
}

fn answer(stored: &Result<Stored, reacties::comments::writer::NotSaved>) -> String {
    match stored {
        Ok(Stored::Id(_)) => "geplaatst".into(),
        Ok(Stored::Duplicate) => "dubbel".into(),
        Ok(Stored::Banned) => "verbannen".into(),
        Err(_) => "niet opgeslagen".into(),
    }
}

/// Sends `reactions` to the writer: all in one batch (held back behind the
/// write lock until every one waits), or one at a time.
async fn run(app: &TestApp, reactions: Vec<NewReaction>, batched: bool) -> Outcome {
    let writer = app.state().writer.clone();
    let mut answers = Vec::new();
    if batched {
        let mut lock = hold_write_lock(app).await;
        let handles: Vec<_> = reactions
            .into_iter()
            .map(|reaction| {
                let writer = writer.clone();
                tokio::spawn(async move { writer.insert(reaction).await })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(300)).await;
        sqlx::query("ROLLBACK")
            .execute(&mut lock)
            .await
            .expect("release");
        for handle in handles {
            answers.push(answer(&handle.await.expect("task")));
        }
    } else {
        for reaction in reactions {
            answers.push(answer(&writer.insert(reaction).await));
        }
    }
    let reactions: Vec<(String, String)> =
        sqlx::query_as("SELECT body_source, status FROM reactions")
            .fetch_all(&app.pool)
            .await
            .expect("reactions");
    let notifications: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT u.username, n.kind, r.body_source
         FROM notifications n JOIN users u ON u.id = n.user_id
         JOIN reactions r ON r.id = n.reaction_id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("notifications");
    Outcome {
        answers,
        reactions: reactions.into_iter().collect(),
        notifications: notifications.into_iter().collect(),
    }
}

#[tokio::test]
async fn a_batch_stores_what_the_same_reactions_one_at_a_time_store() {
    let batched = {
        let app = TestApp::spawn_open().await;
        let reactions = arrange(&app).await;
        run(&app, reactions, true).await
    };
    let one_by_one = {
        let app = TestApp::spawn_open().await;
        let reactions = arrange(&app).await;
        run(&app, reactions, false).await
    };
    assert_eq!(batched, one_by_one);

    let stored =
        |text: &str, status: &str| batched.reactions.contains(&(text.into(), status.into()));
    assert_eq!(
        batched.answers,
        [
            "geplaatst",
            "dubbel",
            "verbannen",
            "geplaatst",
            "geplaatst",
            "geplaatst",
            "dubbel",
            "geplaatst",
            "geplaatst"
        ]
    );
    assert!(stored("Een antwoord op het begin.", "approved"));
    assert!(stored("Een tekst uit de schaduw.", "shadow"));
    assert!(stored("Dit wacht op de schrijver.", "pending"));
    assert!(stored("Van een gast.", "pending"));
    assert!(
        !batched
            .reactions
            .iter()
            .any(|(t, _)| t == "Een verbannen tekst.")
    );
    assert_eq!(
        batched
            .reactions
            .iter()
            .filter(|(t, _)| t == "Al eerder gezegd.")
            .count(),
        1
    );
    let heard = |who: &str, kind: &str, text: &str| {
        batched
            .notifications
            .contains(&(who.into(), kind.into(), text.into()))
    };
    assert!(heard("ouder", "reply", "Een antwoord op het begin."));
    assert!(heard("stemmer", "reason", "Over de tweede reden."));
    for text in [
        "Een antwoord op het begin.",
        "Over de tweede reden.",
        "Gewoon een reactie.",
    ] {
        assert!(heard(AUTHOR, "new", text), "{text}");
    }
    // Nothing about what is not public, and nothing twice.
    assert!(
        !batched.notifications.iter().any(|(_, _, t)| {
            t == "Een tekst uit de schaduw."
                || t == "Dit wacht op de schrijver."
                || t == "Van een gast."
        }),
        "{:?}",
        batched.notifications
    );
}
