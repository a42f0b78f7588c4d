//! The tallies of an article's reasons as one viewer sees them: JA and NEE per
//! reason, the viewer's own choice, and the summary below the article. Stances
//! of banned and shadowbanned readers are not counted; a shadowbanned reader
//! sees their own counted, so nothing tells them apart.

use std::collections::HashMap;

use crate::sql::Pool;

use super::stances::Choice;
use crate::accounts::model::CurrentUser;
use crate::article::content::Article;
use crate::error::Result;

/// One reason with its tally.
#[derive(Debug, Clone)]
pub struct ReasonTally {
    pub number: i64,
    pub title: String,
    pub ja: i64,
    pub nee: i64,
    /// The viewer's choice.
    pub mine: Option<Choice>,
    /// Approved reactions that name this reason.
    pub reactions: i64,
}

impl ReasonTally {
    /// The id of the reason's heading.
    pub fn anchor(&self) -> String {
        format!("reden-{}", self.number)
    }

    /// Everyone who chose.
    pub fn total(&self) -> i64 {
        self.ja + self.nee
    }

    /// The tally in words, readable without the bar: "12 JA · 3 NEE".
    pub fn text(&self) -> String {
        crate::i18n::t().tally(self.ja, self.nee)
    }

    /// The share of JA in whole percents (0 when nobody chose).
    pub fn ja_percent(&self) -> i64 {
        if self.total() == 0 {
            0
        } else {
            (self.ja * 100 + self.total() / 2) / self.total()
        }
    }

    /// Whether the viewer chose `JA` / `NEE`.
    pub fn chose_ja(&self) -> bool {
        self.mine == Some(Choice::Ja)
    }

    /// Whether the viewer chose `NEE`.
    pub fn chose_nee(&self) -> bool {
        self.mine == Some(Choice::Nee)
    }
}

/// Every reason of an article with its tally, for one viewer.
#[derive(Debug, Clone)]
pub struct Tallies {
    pub slug: String,
    pub reasons: Vec<ReasonTally>,
    /// The viewer may vote (logged in, not banned).
    pub can_vote: bool,
    pub logged_in: bool,
    /// Where a guest logs in to vote.
    pub login_url: String,
}

impl Tallies {
    /// The tally of reason `number`.
    pub fn get(&self, number: &i64) -> Option<&ReasonTally> {
        self.reasons.iter().find(|r| r.number == *number)
    }

    /// The summary below the article, once the viewer chose anything:
    /// "Je bent het eens met 5 van de 7 redenen."
    pub fn summary(&self) -> Option<String> {
        let chosen = self.reasons.iter().filter(|r| r.mine.is_some()).count();
        if chosen == 0 {
            return None;
        }
        let agreed = self.reasons.iter().filter(|r| r.chose_ja()).count();
        let total = self.reasons.len();
        Some(crate::i18n::t().stance_summary(agreed, total, total - chosen))
    }
}

/// Whether `user_id` took part in this article: wrote a reaction (of any
/// standing: they see edit links and their pending ones), took a stance, or
/// appreciated a reaction there. Their page is then their own (see `article::shared`).
pub async fn has_taken_part(pool: &Pool, slug: &str, user_id: i64) -> Result<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS(SELECT 1 FROM reactions WHERE user_id = $1 AND article_slug = $2)
               OR EXISTS(SELECT 1 FROM stances WHERE user_id = $1 AND article_slug = $2)
               OR EXISTS(SELECT 1 FROM appreciations a JOIN reactions r ON r.id = a.reaction_id
                         WHERE a.user_id = $1 AND r.article_slug = $2) AS "yes!: bool""#,
        user_id,
        slug
    )
    .fetch_one(pool)
    .await?)
}

/// The tallies of `article` for `viewer`; `None` for an article without reasons.
pub async fn load(
    pool: &Pool,
    article: &Article,
    viewer: Option<&CurrentUser>,
    login_url: String,
    now: i64,
) -> Result<Option<Tallies>> {
    if article.reasons().next().is_none() {
        return Ok(None);
    }
    let slug = article.slug.as_str();
    let viewer_id = viewer.map(|u| u.id);
    let rows = sqlx::query!(
        r#"SELECT s.reason, s.stance, COUNT(*) AS "n!: i64" FROM stances s
           JOIN users u ON u.id = s.user_id
           WHERE s.article_slug = $1
             AND ((u.shadowbanned = 0 AND NOT (u.banned_at IS NOT NULL
                   AND (u.banned_until IS NULL OR u.banned_until > $2)))
                  OR (u.shadowbanned = 1 AND u.id IS NOT DISTINCT FROM $3))
           GROUP BY s.reason, s.stance"#,
        slug,
        now,
        viewer_id
    )
    .fetch_all(pool)
    .await?;
    let mut counts: HashMap<(i64, Choice), i64> = HashMap::new();
    for row in rows {
        if let Some(choice) = Choice::parse(&row.stance) {
            counts.insert((row.reason, choice), row.n);
        }
    }
    let mine: HashMap<i64, Choice> = match viewer_id {
        Some(id) => sqlx::query!(
            "SELECT reason, stance FROM stances WHERE article_slug = $1 AND user_id = $2",
            slug,
            id
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .filter_map(|r| Choice::parse(&r.stance).map(|c| (r.reason, c)))
        .collect(),
        None => HashMap::new(),
    };
    let about: HashMap<i64, i64> = sqlx::query!(
        r#"SELECT reason AS "reason!: i64", COUNT(*) AS "n!: i64" FROM reactions
           WHERE article_slug = $1 AND reason IS NOT NULL AND status = 'approved'
           GROUP BY reason"#,
        slug
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.reason, r.n))
    .collect();
    let reasons = article
        .reasons()
        .map(|r| ReasonTally {
            number: r.number,
            title: r.title.clone(),
            ja: counts.get(&(r.number, Choice::Ja)).copied().unwrap_or(0),
            nee: counts.get(&(r.number, Choice::Nee)).copied().unwrap_or(0),
            mine: mine.get(&r.number).copied(),
            reactions: about.get(&r.number).copied().unwrap_or(0),
        })
        .collect();
    Ok(Some(Tallies {
        slug: slug.to_owned(),
        reasons,
        can_vote: viewer.is_some_and(|u| u.ban.is_none()),
        logged_in: viewer.is_some(),
        login_url,
    }))
}
