//! What a request changed, in the terms the other instances of a site need to
//! hear it (see `instances`).

/// A set of changes (bits), so a burst of requests is told in one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Change(pub u8);

impl Change {
    /// What anonymous readers see: retire the page cache.
    pub const PAGES: Self = Self(1);
    /// What anonymous readers see, in a burst (stances): retire it within a second.
    pub const PAGES_SOON: Self = Self(2);
    /// Anything a logged-in reader may see: retire the shared pages and have
    /// the live streams look.
    pub const WRITES: Self = Self(4);
    /// The author's settings, site or closed articles.
    pub const POLICY: Self = Self(8);
    /// Everything: what is assumed after messages may have been missed.
    pub const ALL: Self = Self(15);

    /// Whether every bit of `other` is in this set.
    pub fn has(self, other: Self) -> bool {
        other.0 != 0 && self.0 & other.0 == other.0
    }

    /// Both sets.
    #[must_use]
    pub fn with(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Nothing changed.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// What instances say to each other, after the schema PostgreSQL puts in front.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// `<origin> <bits> <seq>`: the instance `origin` changed this.
    Changed {
        origin: String,
        change: Change,
        seq: u64,
    },
    /// `ack <origin> <seq>`: one instance has applied `origin`'s change `seq`.
    Applied { origin: String, seq: u64 },
}

impl Message {
    /// As it goes out, without the schema.
    pub fn text(&self) -> String {
        match self {
            Self::Changed {
                origin,
                change,
                seq,
            } => format!("{origin} {} {seq}", change.0),
            Self::Applied { origin, seq } => format!("ack {origin} {seq}"),
        }
    }

    /// A heard `<schema> <message>`, when it is about this schema.
    pub fn heard(payload: &str, schema: &str) -> Option<Self> {
        let words: Vec<&str> = payload.split(' ').collect();
        match words.as_slice() {
            [s, "ack", origin, seq] if *s == schema => Some(Self::Applied {
                origin: (*origin).to_owned(),
                seq: seq.parse().ok()?,
            }),
            [s, origin, bits, seq] if *s == schema && *origin != "ack" => Some(Self::Changed {
                origin: (*origin).to_owned(),
                change: Change(bits.parse().ok()?),
                seq: seq.parse().ok()?,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Change, Message};

    #[test]
    fn sets_combine_and_are_read_back_bit_by_bit() {
        let both = Change::PAGES.with(Change::POLICY);
        assert!(both.has(Change::PAGES) && both.has(Change::POLICY));
        assert!(!both.has(Change::WRITES) && !both.has(Change::PAGES_SOON));
        assert!(!both.has(Change::default()), "the empty set is in nothing");
        assert!(Change::default().is_empty() && !both.is_empty());
        assert!(Change::ALL.has(both.with(Change::WRITES).with(Change::PAGES_SOON)));
    }

    #[test]
    fn messages_are_read_back_for_this_schema_only() {
        let changed = Message::Changed {
            origin: "a1".into(),
            change: Change(5),
            seq: 7,
        };
        let applied = Message::Applied {
            origin: "a1".into(),
            seq: 7,
        };
        for message in [changed, applied] {
            let told = format!("site {}", message.text());
            assert_eq!(Message::heard(&told, "site"), Some(message.clone()));
            assert_eq!(Message::heard(&told, "andere"), None, "another site");
        }
        for odd in [
            "site a1 5",
            "site a1 x 7",
            "site a1 5 7 8",
            "",
            "site a1 300 7",
            "site ack a1",
            "site ack a1 x",
            "site a1 5 -1",
        ] {
            assert_eq!(Message::heard(odd, "site"), None, "{odd:?}");
        }
    }
}
