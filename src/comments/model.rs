//! What a reaction is: its states, its validated text, and a stored row.

/// A reaction's length limit in characters, after trimming.
pub const MAX_CHARS: usize = 5000;
/// How long a writer may still edit a reaction.
pub const EDIT_WINDOW_SECS: i64 = 15 * 60;
/// Threads (top-level reactions with all their replies) per page.
pub const THREADS_PER_PAGE: i64 = 50;
/// A page number meaning "the last page, whichever that is".
pub const LAST_PAGE: i64 = i64::MAX;

/// Where a reaction stands; stored lowercase in `reactions.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type, serde::Serialize)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum ReactionStatus {
    /// Public.
    Approved,
    /// Held for the author.
    Pending,
    /// By a shadowbanned writer: looks published to them, invisible to others.
    Shadow,
    /// Taken down by the author (or by reports), reversible.
    Hidden,
    /// Turned down by the author.
    Rejected,
    Spam,
    /// Text removed; the row stays so replies keep their place.
    Deleted,
}

impl ReactionStatus {
    /// As stored in `reactions.status`.
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Pending => "pending",
            Self::Shadow => "shadow",
            Self::Hidden => "hidden",
            Self::Rejected => "rejected",
            Self::Spam => "spam",
            Self::Deleted => "deleted",
        }
    }

    /// Every state, for tests that walk them all.
    pub const ALL: [Self; 7] = [
        Self::Approved,
        Self::Pending,
        Self::Shadow,
        Self::Hidden,
        Self::Rejected,
        Self::Spam,
        Self::Deleted,
    ];
}

/// A reaction's text after cleaning: trimmed, NFC, no control characters,
/// 1 to 5,000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionBody(String);

impl ReactionBody {
    /// Cleans and checks typed text; the error is a Dutch sentence for the form.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let body = crate::text::clean(&raw.replace("\r\n", "\n"))
            .trim()
            .to_owned();
        let length = body.chars().count();
        if length == 0 {
            return Err(crate::i18n::t().messages.reaction_empty.into());
        }
        if length > MAX_CHARS {
            return Err(crate::i18n::t().too_long(length));
        }
        Ok(Self(body))
    }

    /// The cleaned text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The cleaned text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// One reaction as stored, for permission checks and edit forms.
#[derive(Debug, Clone)]
pub struct Reaction {
    pub id: i64,
    pub article_slug: String,
    pub user_id: Option<i64>,
    /// The reaction it answers.
    pub parent_id: Option<i64>,
    pub body_source: String,
    pub status: ReactionStatus,
    pub pinned: bool,
    pub locked: bool,
    pub created_at: i64,
    /// An edit waiting for the author's approval (the published text stays meanwhile).
    pub pending_source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_trimmed_and_limited_to_5000_characters() {
        let parse = |raw: &str| ReactionBody::parse(raw).map(ReactionBody::into_string);
        assert_eq!(parse("  hallo \r\n wereld  "), Ok("hallo \n wereld".into()));
        assert!(parse("   \n ").is_err());
        assert!(parse(&"é".repeat(MAX_CHARS)).is_ok());
        assert!(parse(&"é".repeat(MAX_CHARS + 1)).is_err());
    }
}
