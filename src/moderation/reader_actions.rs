//! The author's actions on readers: ban, lift a ban, shadowban, trust. Each runs
//! in one transaction with its audit entry and is idempotent.

use crate::sql::{Conn, Pool};

use super::actions::Outcome;
use super::store::audit::{self, AuditEntry};
use crate::accounts::model::Role;
use crate::accounts::users::{self, Standing};
use crate::comments::store;
use crate::error::Result;

/// An action on a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReaderAction {
    Ban {
        reason: String,
        until: Option<i64>,
        hide_earlier: bool,
    },
    /// Lifts a ban; `restore` puts back the reactions the ban hid.
    Unban {
        restore: bool,
    },
    Shadowban(bool),
    Trust(bool),
}

/// Applies an action to a reader. The author's own account is out of reach.
pub async fn on_reader(
    pool: &Pool,
    actor: i64,
    user_id: i64,
    action: ReaderAction,
    now: i64,
) -> Result<Outcome> {
    let mut tx = crate::db::begin_write(pool).await?;
    let reader = users::standing(&mut *tx, user_id).await?;
    if reader.role == Role::Author {
        return Ok(Outcome::Stale);
    }
    let Some((name, detail)) = apply_to_reader(&mut tx, &reader, &action, now).await? else {
        return Ok(Outcome::AlreadyDone);
    };
    audit::audit(
        &mut *tx,
        &AuditEntry {
            actor_id: Some(actor),
            action: name,
            user_id: Some(user_id),
            detail: Some(detail.as_str()).filter(|d| !d.is_empty()),
            ..AuditEntry::default()
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Done(name))
}

/// Changes the reader's standing; the audit name and detail, or `None` when it
/// was already so.
async fn apply_to_reader(
    conn: &mut Conn,
    reader: &Standing,
    action: &ReaderAction,
    now: i64,
) -> Result<Option<(&'static str, String)>> {
    let id = reader.id;
    Ok(Some(match action {
        ReaderAction::Ban {
            reason,
            until,
            hide_earlier,
        } => {
            users::ban(&mut *conn, id, reason, *until, now).await?;
            let hidden = if *hide_earlier {
                store::hide_all_of(&mut *conn, id).await?
            } else {
                0
            };
            let t = crate::i18n::t();
            let period = match until {
                Some(until) => {
                    t.audit_until(&crate::dates::exact_time(crate::dates::from_unix(*until)))
                }
                None => t.audit.indefinitely.to_owned(),
            };
            ("geblokkeerd", t.audit_ban(&period, reason, hidden))
        }
        ReaderAction::Unban { .. } if !reader.banned_at(now) => return Ok(None),
        ReaderAction::Unban { restore } => {
            users::unban(&mut *conn, id).await?;
            let detail = if *restore {
                let back = store::restore_hidden_by_ban(&mut *conn, id).await?;
                crate::i18n::t().audit_restored(back)
            } else {
                String::new()
            };
            ("gedeblokkeerd", detail)
        }
        ReaderAction::Shadowban(on) if reader.shadowbanned == *on => return Ok(None),
        ReaderAction::Shadowban(on) => {
            users::set_shadowbanned(&mut *conn, id, *on).await?;
            let name = if *on {
                "schaduwban"
            } else {
                "schaduwban-opgeheven"
            };
            (name, String::new())
        }
        ReaderAction::Trust(on) if reader.trusted == *on => return Ok(None),
        ReaderAction::Trust(on) => {
            users::set_trusted(&mut *conn, id, *on).await?;
            let name = if *on {
                "vertrouwd"
            } else {
                "vertrouwen-ingetrokken"
            };
            (name, String::new())
        }
    }))
}
