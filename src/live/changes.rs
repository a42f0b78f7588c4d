//! What changed for anonymous readers of an article since the last look, as
//! events. Every look reads the article as an anonymous reader sees it (the
//! same `load_section_for` the page uses) and compares it with the previous
//! look, so an event can only ever carry what any passer-by may already see:
//! held, rejected, shadowbanned and hidden reactions are simply not in it. And
//! as it reads committed rows only, nothing is announced that is not stored.

use std::hash::{DefaultHasher, Hash, Hasher};

use askama::Template;
use serde::Serialize;

use super::seen::{ArticleSeen, Seen};
use crate::article::content::Article;
use crate::comments::section::{self, ReactionView, Reader, Section, View};
use crate::conversation::order::Order;
use crate::conversation::tally::{self, ReasonTally};
use crate::error::{AppError, Result};
use crate::i18n::texts::{EN, NL};
use crate::i18n::{Lang, in_lang};
use crate::state::AppState;

/// One event for the article's stream: its name and JSON.
pub type Out = (&'static str, String);

/// A reaction as anonymous readers see it, without the page around it.
#[derive(Template)]
#[template(path = "live/reaction.html")]
struct Fragment<'a> {
    r: &'a ReactionView,
    s: &'a Section,
}

#[derive(Serialize)]
struct NewReaction {
    id: i64,
    /// The reaction it is shown under (`None`: a new thread).
    ouder: Option<i64>,
    niveau: usize,
    html: String,
    /// The same in English (a page shows the one in its language).
    html_en: String,
}

#[derive(Serialize)]
struct Changed {
    id: i64,
    html: String,
    html_en: String,
}

#[derive(Serialize)]
struct Gone {
    id: i64,
}

#[derive(Serialize)]
struct Appreciation {
    id: i64,
    aantal: i64,
    tekst: String,
    tekst_en: String,
}

#[derive(Serialize)]
struct Tally {
    reden: i64,
    ja: i64,
    nee: i64,
    tekst: String,
    tekst_en: String,
    procent: i64,
}

#[derive(Serialize)]
struct Count {
    aantal: i64,
}

fn look(r: &ReactionView) -> u64 {
    let mut h = DefaultHasher::new();
    (
        &r.body_html,
        &r.author_name,
        &r.replying_to,
        r.deleted,
        r.placeholder,
        r.edited,
        r.pinned,
        r.locked,
        r.thread_locked,
        r.can_reply,
        r.level,
    )
        .hash(&mut h);
    h.finish()
}

/// Every reaction of the sections with the reaction it is shown under.
fn walk<'a>(
    views: &'a [ReactionView],
    parent: Option<i64>,
    section: &'a Section,
    out: &mut Vec<(&'a ReactionView, Option<i64>, &'a Section)>,
) {
    for view in views {
        out.push((view, parent, section));
        walk(&view.children, Some(view.id), section, out);
    }
}

/// Every page of the article's threads as an anonymous reader sees them.
async fn sections(state: &AppState, article: &Article) -> Result<Vec<Section>> {
    let mut pages = Vec::new();
    for page in 1.. {
        let view = View {
            page,
            order: Order::Oldest,
            ..View::default()
        };
        match section::load_section_for(state, article, Reader::Known(None), view).await? {
            Some(section) => {
                let last = section.page >= section.pages;
                pages.push(section);
                if last {
                    break;
                }
            }
            None => break,
        }
    }
    Ok(pages)
}

/// The reaction's fragment in Dutch and in English.
fn render(r: &ReactionView, s: &Section, now: i64) -> Result<(String, String)> {
    let nl = in_lang(Lang::Nl, || Fragment { r, s }.render());
    // The view's relative time was written in Dutch when the section loaded.
    let mut english = r.clone();
    if let Ok(at) = r.iso.parse::<jiff::Timestamp>() {
        english.relative =
            crate::dates::relative_in(Lang::En.texts(), at, crate::dates::from_unix(now));
    }
    let en = in_lang(Lang::En, || Fragment { r: &english, s }.render());
    Ok((
        nl.map_err(|e| AppError::Internal(e.into()))?,
        en.map_err(|e| AppError::Internal(e.into()))?,
    ))
}

fn json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.into()))
}

/// Looks at the article now; with `before`, also the events that tell a page
/// showing `before` what changed (new reactions parents first).
pub async fn article(
    state: &AppState,
    article: &Article,
    before: Option<&ArticleSeen>,
) -> Result<(ArticleSeen, Vec<Out>)> {
    let pages = sections(state, article).await?;
    let mut all = Vec::new();
    for section in &pages {
        walk(&section.threads, None, section, &mut all);
    }
    all.sort_by_key(|(r, _, _)| r.id);
    let reasons = tally::load(&state.pool, article, None, String::new(), state.now_unix())
        .await?
        .map(|t| t.reasons)
        .unwrap_or_default();
    let now = ArticleSeen {
        reactions: all
            .iter()
            .map(|(r, _, _)| {
                let seen = Seen {
                    look: look(r),
                    appreciations: r.appreciations,
                };
                (r.id, seen)
            })
            .collect(),
        count: pages.first().map_or(0, |s| s.count),
        tallies: reasons.iter().map(|r| (r.number, r.ja, r.nee)).collect(),
    };
    let Some(before) = before else {
        return Ok((now, Vec::new()));
    };
    let mut out = Vec::new();
    for (r, parent, section) in &all {
        let seen = now.reactions.get(&r.id).copied();
        match (before.reactions.get(&r.id), seen) {
            (None, _) => {
                let (html, html_en) = render(r, section, state.now_unix())?;
                let new = NewReaction {
                    id: r.id,
                    ouder: *parent,
                    niveau: r.level,
                    html,
                    html_en,
                };
                out.push(("nieuw", json(&new)?));
            }
            (Some(old), Some(seen)) => {
                if old.look != seen.look {
                    let (html, html_en) = render(r, section, state.now_unix())?;
                    let changed = Changed {
                        id: r.id,
                        html,
                        html_en,
                    };
                    out.push(("gewijzigd", json(&changed)?));
                } else if old.appreciations != seen.appreciations {
                    out.push(("waardering", json(&appreciation(r))?));
                }
            }
            (Some(_), None) => {}
        }
    }
    let mut gone: Vec<i64> = before
        .reactions
        .keys()
        .filter(|id| !now.reactions.contains_key(id))
        .copied()
        .collect();
    gone.sort_unstable();
    for id in gone {
        out.push(("weg", json(&Gone { id })?));
    }
    tally_events(&reasons, before, &mut out)?;
    if before.count != now.count {
        out.push(("aantal", json(&Count { aantal: now.count })?));
    }
    Ok((now, out))
}

/// The events for reasons whose tallies changed since `before`.
fn tally_events(reasons: &[ReasonTally], before: &ArticleSeen, out: &mut Vec<Out>) -> Result<()> {
    for r in reasons {
        if !before.tallies.contains(&(r.number, r.ja, r.nee)) {
            // The same words and share as the page (see `conversation::tally`).
            let tally = Tally {
                reden: r.number,
                ja: r.ja,
                nee: r.nee,
                tekst: NL.tally(r.ja, r.nee),
                tekst_en: EN.tally(r.ja, r.nee),
                procent: r.ja_percent(),
            };
            out.push(("stemmen", json(&tally)?));
        }
    }
    Ok(())
}

fn appreciation(r: &ReactionView) -> Appreciation {
    let (tekst, tekst_en) = match r.appreciations {
        0 => (String::new(), String::new()),
        n => (NL.appreciations(n), EN.appreciations(n)),
    };
    Appreciation {
        id: r.id,
        aantal: r.appreciations,
        tekst,
        tekst_en,
    }
}

/// The author's waiting count now, and the event when it changed.
pub async fn queue(state: &AppState, before: Option<i64>) -> Result<(i64, Option<Out>)> {
    let waiting = crate::moderation::store::queue::waiting_count(&state.pool).await?;
    let event = match before {
        Some(before) if before != waiting => Some((
            "wachtrij",
            json(&WaitingCount {
                aantal: waiting,
                meer: waiting > before,
            })?,
        )),
        _ => None,
    };
    Ok((waiting, event))
}

#[derive(Serialize)]
struct WaitingCount {
    aantal: i64,
    /// Something came in (rather than went out).
    meer: bool,
}
