//! What an import did (or, with `--dry-run`, would do), told in Dutch.

use std::collections::BTreeMap;
use std::fmt::Write;

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

fn state_nl(status: &str) -> &str {
    match status {
        "approved" => "geplaatst",
        "pending" => "wacht op goedkeuring",
        "spam" => "spam",
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
        let mut out = String::new();
        let verb = if self.dry_run {
            "Proefdraaien (--dry-run): er is niets opgeslagen. Zou importeren"
        } else {
            "Geïmporteerd"
        };
        let _ = writeln!(out, "{verb}: {} reacties.", self.imported());
        let mut per_state: BTreeMap<&str, u64> = BTreeMap::new();
        for (slug, states) in &self.per_article {
            let parts: Vec<String> = states
                .iter()
                .map(|(s, n)| format!("{n} {}", state_nl(s)))
                .collect();
            let _ = writeln!(out, "  {slug}: {}", parts.join(", "));
            for (s, n) in states {
                *per_state.entry(state_nl(s)).or_default() += n;
            }
        }
        if !per_state.is_empty() {
            let parts: Vec<String> = per_state.iter().map(|(s, n)| format!("{n} {s}")).collect();
            let _ = writeln!(out, "Per status: {}.", parts.join(", "));
        }
        if self.already > 0 {
            let _ = writeln!(
                out,
                "Al eerder geïmporteerd (overgeslagen): {}.",
                self.already
            );
        }
        if self.trash > 0 {
            let _ = writeln!(
                out,
                "In de prullenbak of pingback (overgeslagen): {}.",
                self.trash
            );
        }
        if !self.unmatched.is_empty() {
            let _ = writeln!(
                out,
                "Zonder artikel hier (niet geïmporteerd; koppel ze met --map adres=slug):"
            );
            for (thread, n) in &self.unmatched {
                let _ = writeln!(out, "  {thread}: {n} reacties");
            }
        }
        if !self.problems.is_empty() {
            let _ = writeln!(out, "Problemen:");
            for p in &self.problems {
                let _ = writeln!(out, "  {p}");
            }
            if self.unlisted > 0 {
                let _ = writeln!(out, "  … en nog {} problemen.", self.unlisted);
            }
        }
        out.trim_end().to_owned()
    }
}
