//! The languages of the interface.

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    /// Both, the original first.
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// The BCP 47 code (`<html lang>`, the cookie, the database).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The language for a code; `None` for any other.
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            c if c.eq_ignore_ascii_case("nl") => Some(Lang::Nl),
            c if c.eq_ignore_ascii_case("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the footer offers it).
    pub fn other(self) -> Self {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }
}
