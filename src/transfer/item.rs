//! What every importer produces: one comment from another system, in that
//! system's terms, before it is matched to an article and stored.

/// A comment's state in the system it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Approved,
    Pending,
    Spam,
    /// Thrown away there; not imported.
    Trash,
}

impl Status {
    /// The reaction state it becomes (`None`: skipped).
    pub fn as_reaction_status(self) -> Option<&'static str> {
        match self {
            Self::Approved => Some("approved"),
            Self::Pending => Some("pending"),
            Self::Spam => Some("spam"),
            Self::Trash => None,
        }
    }
}

/// A comment's text as the source stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// HTML (WordPress, Disqus): sanitised, kept as HTML.
    Html(String),
    /// Markdown (Isso): rendered like a reaction written here.
    Markdown(String),
}

/// Where a reader hands each comment as soon as it is read.
pub type Emit<'a> = &'a mut dyn FnMut(Item) -> anyhow::Result<()>;

/// One comment read from an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The source's id of this comment: what makes a second import skip it.
    pub source_id: String,
    /// The source's id of the comment it answers.
    pub parent_id: Option<String>,
    /// What identifies its thread there (slug, URL, identifier), best first.
    pub thread: Vec<String>,
    pub author: String,
    pub body: Body,
    pub status: Status,
    /// Unix seconds; `None` when the date could not be read.
    pub created_at: Option<i64>,
    /// Where it is in the input, for messages ("regel 12", "id 7").
    pub place: String,
}

/// Reads a date in the forms the sources use: RFC 3339 (`2020-01-02T03:04:05Z`)
/// or WordPress' `2020-01-02 03:04:05` (taken as UTC).
pub fn parse_date(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if let Ok(timestamp) = raw.parse::<jiff::Timestamp>() {
        return Some(timestamp.as_second());
    }
    // WordPress' form is RFC 3339 with a space and without the zone.
    let (day, time) = raw.split_once(' ')?;
    format!("{day}T{time}Z")
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms_are_read_and_nonsense_is_not() {
        assert_eq!(parse_date("1970-01-01T00:01:00Z"), Some(60));
        assert_eq!(parse_date("1970-01-01 00:02:00"), Some(120));
        assert_eq!(parse_date("0000-00-00 00:00:00"), None);
        assert_eq!(parse_date("gisteren"), None);
    }
}
