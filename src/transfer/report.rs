//! What an import did (or, with `--dry-run`, would do), told in the
//! terminal's language.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::i18n::Texts;

/// Problems listed one by one; beyond this only their number.
const MAX_LISTED: usize = 10_000;

/// Counts per article and state, and every problem with its place.
#[derive(Debug, Default)]
pub struct Report {
    pub dry_run: bool,
    /// Article → state → imported.
    pub per_article: BTreeMap<String, BTreeMap<String, u64>>,
    /// In the trash (or pingbacks) there: not imported.
    pub trash: u64,
    /// Imported by an earlier run.
    pub already: u64,
    /// Thread → comments that found no article.
    pub unmatched: BTreeMap<String, u64>,
    pub problems: Vec<String>,
    pub unlisted: u64,
}

fn state_name<'a>(t: &'static Texts, status: &'a str) -> &'a str {
    match status {
        "approved" => t.terminal.state_approved,
        "pending" => t.terminal.state_pending,
        "spam" => t.terminal.state_spam,
        other => other,
    }
}

impl Report {
    pub fn problem(&mut self, place: &str, what: &str) {
        if self.problems.len() < MAX_LISTED {
            self.problems.push(format!("{place}: {what}"));
        } else {
            self.unlisted += 1;
        }
    }

    pub fn add(&mut self, slug: &str, status: &str, n: u64) {
        *self
            .per_article
            .entry(slug.to_owned())
            .or_default()
            .entry(status.to_owned())
            .or_default() += n;
    }

    /// Reactions imported (or to be imported).
    pub fn imported(&self) -> u64 {
        self.per_article.values().flat_map(|m| m.values()).sum()
    }

    /// The report as lines for the terminal.
    pub fn render(&self) -> String {
        let t = crate::i18n::t();
        let words = t.terminal;
        let mut out = String::new();
        let verb = if self.dry_run {
            words.import_dry_run
        } else {
            words.import_done
        };
        let _ = writeln!(out, "{verb}: {}.", t.cli_reactions(self.imported()));
        let mut per_state: BTreeMap<&str, u64> = BTreeMap::new();
        for (slug, states) in &self.per_article {
            let parts: Vec<String> = states
                .iter()
                .map(|(s, n)| format!("{n} {}", state_name(t, s)))
                .collect();
            let _ = writeln!(out, "  {slug}: {}", parts.join(", "));
            for (s, n) in states {
                *per_state.entry(state_name(t, s)).or_default() += n;
            }
        }
        if !per_state.is_empty() {
            let parts: Vec<String> = per_state.iter().map(|(s, n)| format!("{n} {s}")).collect();
            let _ = writeln!(out, "{}: {}.", words.per_state, parts.join(", "));
        }
        if self.already > 0 {
            let _ = writeln!(out, "{}: {}.", words.already_imported, self.already);
        }
        if self.trash > 0 {
            let _ = writeln!(out, "{}: {}.", words.in_trash, self.trash);
        }
        if !self.unmatched.is_empty() {
            let _ = writeln!(out, "{}", words.unmatched);
            for (thread, n) in &self.unmatched {
                let _ = writeln!(out, "  {thread}: {}", t.cli_reactions(*n));
            }
        }
        if !self.problems.is_empty() {
            let _ = writeln!(out, "{}", words.problems);
            for p in &self.problems {
                let _ = writeln!(out, "  {p}");
            }
            if self.unlisted > 0 {
                let _ = writeln!(out, "  {}", t.cli_more_problems(self.unlisted));
            }
        }
        out.trim_end().to_owned()
    }
}
