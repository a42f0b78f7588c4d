//! Usernames: what is allowed, the key that makes names differing only in case
//! collide, and the confusable skeletons that make look-alikes collide.

use unicode_normalization::UnicodeNormalization;

/// Shortest and longest allowed username, in characters.
pub const MIN_LEN: usize = 3;
pub const MAX_LEN: usize = 30;

/// Names no reader or guest may take, nor anything that looks like them: they
/// would pass for the site or its author. Each article's author name is
/// reserved too (see [`is_reserved`]).
pub const RESERVED: [&str; 4] = ["auteur", "admin", "moderator", "beheerder"];

/// A username that passed validation: the name to show, its uniqueness key and
/// its look-alike skeletons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username {
    pub display: String,
    pub key: String,
    pub skeletons: Skeletons,
}

/// The uniqueness key: NFKC, lower case, NFKC again (lower-casing can denormalise).
pub fn key(raw: &str) -> String {
    let folded: String = raw.trim().nfkc().collect::<String>().to_lowercase();
    folded.nfkc().collect()
}

/// What readers put between the parts of a name: to a reader `Olaf_Rutten`,
/// `Olaf-Rutten`, `Olaf.Rutten`, `Olaf Rutten` and `OlafRutten` are one name.
fn is_separator(c: char) -> bool {
    matches!(c, '-' | '_' | '.') || c.is_whitespace()
}

/// Two confusable skeletons (Unicode TR39) of a name without its separators.
/// Two names look alike when either skeleton is the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeletons {
    /// The skeleton of the name as written, lower-cased afterwards: `OIaf` with
    /// a capital I, `0laf` and `Οlaf` with a Greek omicron all come out as `olaf`.
    pub written: String,
    /// The skeleton of the lower-cased name: `Ilse` and `ilse` (which differ
    /// only in case) both come out as `ilse`.
    pub lower: String,
}

impl Skeletons {
    /// Whether two names would pass for each other.
    pub fn collides(&self, other: &Self) -> bool {
        self.written == other.written || self.lower == other.lower
    }
}

/// The skeletons of `raw`, which need not be a valid username (an article's
/// author may be called "Olaf Rutten").
pub fn skeletons(raw: &str) -> Skeletons {
    let bare: String = raw.trim().nfkc().filter(|&c| !is_separator(c)).collect();
    let skeleton = |text: &str| -> String {
        unicode_security::skeleton(text)
            .filter(|&c| !is_separator(c))
            .collect::<String>()
            .to_lowercase()
    };
    Skeletons {
        written: skeleton(&bare),
        lower: skeleton(&bare.to_lowercase()),
    }
}

/// Whether `raw` would pass for one of `protected` (the author's names).
pub fn impersonates(raw: &str, protected: &[String]) -> bool {
    let candidate = skeletons(raw);
    protected
        .iter()
        .any(|name| skeletons(name).collides(&candidate))
}

/// `raw` without its accents: `Rütten` becomes `Rutten`. TR39 skeletons keep
/// diacritics (readers tell `José` from `Jose`), but next to the author's name a
/// diaeresis is too easily overlooked.
fn without_accents(raw: &str) -> String {
    raw.nfd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        .nfc()
        .collect()
}

/// Whether `name` looks like one of the [`RESERVED`] words or one of `names`
/// (the authors named in the articles), accents ignored.
pub fn is_reserved<'a>(name: &Username, names: impl IntoIterator<Item = &'a str>) -> bool {
    let candidate = skeletons(&without_accents(&name.display));
    RESERVED.into_iter().chain(names).any(|word| {
        let protected = skeletons(&without_accents(word));
        protected.collides(&name.skeletons) || protected.collides(&candidate)
    })
}

fn allowed(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
}

/// Checks a username as typed; the error is a Dutch sentence for the form.
pub fn parse(raw: &str) -> Result<Username, &'static str> {
    // Control characters and bidi overrides are dropped before anything else, so
    // they can neither sneak into a name nor make two names look alike.
    let display: String = crate::text::clean_line(raw).trim().to_owned();
    let length = display.chars().count();
    if length == 0 {
        return Err(crate::i18n::t().messages.username_empty);
    }
    if length < MIN_LEN {
        return Err(crate::i18n::t().messages.username_short);
    }
    if length > MAX_LEN {
        return Err(crate::i18n::t().messages.username_long);
    }
    let normalised: String = display.nfkc().collect();
    // Hangul fillers and the like count as letters but show as nothing.
    if display
        .chars()
        .chain(normalised.chars())
        .any(|c| crate::text::is_invisible(c) && !c.is_ascii_whitespace())
    {
        return Err(crate::i18n::t().messages.username_invisible);
    }
    if !normalised.chars().all(allowed) || !display.chars().all(allowed) {
        return Err(crate::i18n::t().messages.username_characters);
    }
    if !normalised.chars().any(|c| c.is_alphanumeric()) {
        return Err(crate::i18n::t().messages.username_letter);
    }
    Ok(Username {
        key: key(&display),
        skeletons: skeletons(&display),
        display,
    })
}

/// A name shown with reactions, ready for the look-alike check: the display
/// rules of [`parse_display`], with its key and skeletons.
pub fn display_name(raw: &str) -> Result<Username, &'static str> {
    let display = parse_display(raw)?;
    Ok(Username {
        key: key(&display),
        skeletons: skeletons(&display),
        display,
    })
}

/// Shortest and longest name shown with a reaction, in characters.
pub const DISPLAY_MIN_LEN: usize = 2;
pub const DISPLAY_MAX_LEN: usize = 40;

fn display_allowed(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit() || matches!(c, ' ' | '-' | '_' | '.' | '\'' | '’')
}

/// Checks a name as shown with reactions (a guest's name): letters, digits,
/// spaces and `- _ . '`, 2 to 40 characters, runs of spaces made one. The error
/// is a Dutch sentence for the form.
pub fn parse_display(raw: &str) -> Result<String, &'static str> {
    let cleaned = crate::text::clean_line(raw);
    let display = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = display.chars().count();
    if length == 0 {
        return Err(crate::i18n::t().messages.name_empty);
    }
    if !(DISPLAY_MIN_LEN..=DISPLAY_MAX_LEN).contains(&length) {
        return Err(crate::i18n::t().messages.name_length);
    }
    let normalised: String = display.nfkc().collect();
    if display
        .chars()
        .chain(normalised.chars())
        .any(|c| crate::text::is_invisible(c) && c != ' ')
    {
        return Err(crate::i18n::t().messages.name_invisible);
    }
    if !normalised.chars().all(display_allowed) || !display.chars().all(display_allowed) {
        return Err(crate::i18n::t().messages.name_characters);
    }
    if !normalised.chars().any(char::is_alphabetic) {
        return Err(crate::i18n::t().messages.name_letter);
    }
    Ok(display)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_letters_digits_and_the_three_marks() {
        for name in [
            "olaf",
            "Olaf_Rutten",
            "lezer.42",
            "anne-marie",
            "Zoë",
            "ĳsbeer",
        ] {
            assert!(parse(name).is_ok(), "{name} should be allowed");
        }
    }

    #[test]
    fn refuses_bad_lengths_and_characters() {
        for name in [
            "",
            "ab",
            "a23456789012345678901234567890x",
            "met spatie",
            "<script>",
            "olaf!",
            "\u{202e}\u{202e}",
            "...",
        ] {
            assert!(parse(name).is_err(), "{name:?} should be refused");
        }
    }

    #[test]
    fn names_are_composed_and_lose_hidden_characters() {
        assert_eq!(
            parse("Zoe\u{0308}").map(|n| n.display),
            Ok("Zoë".to_string())
        );
        assert_eq!(
            parse("ab\u{202e}c").map(|n| n.display),
            Ok("abc".to_string())
        );
        assert_eq!(
            parse("ab\u{0007}c\u{200f}").map(|n| n.display),
            Ok("abc".to_string())
        );
    }

    #[test]
    fn display_names_allow_spaces_and_accents_but_stay_plain() {
        assert_eq!(
            parse_display("  Anne   Marie "),
            Ok("Anne Marie".to_string())
        );
        assert_eq!(parse_display("Zoë d'Arc"), Ok("Zoë d'Arc".to_string()));
        for bad in ["", "a", &"x".repeat(41), "<b>", "12 34", "a\u{202e}b!"] {
            assert!(parse_display(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn look_alikes_share_a_key() {
        assert_eq!(key("Olaf"), key("olaf"));
        assert_eq!(key("ＯＬＡＦ"), key("olaf"));
        assert_eq!(key("ﬁnn"), key("finn"));
        assert_ne!(key("olaf"), key("olav"));
    }

    #[test]
    fn look_alikes_from_the_review_impersonate_the_author() {
        let authors = vec!["Olaf_Rutten".to_string()];
        for name in [
            "OIaf_Rutten",
            "O\u{0406}af_Rutten",
            "Olaf-Rutten",
            "Olaf.Rutten",
            "OlafRutten",
            "Olaf__Rutten",
            "olaf.rutten",
            "0LAF_RUTTEN",
        ] {
            assert!(impersonates(name, &authors), "{name}");
        }
        assert!(impersonates("\u{0430}lice_r", &["alice_r".to_string()]));
        assert!(impersonates("Ilse", &["ilse".to_string()]), "case only");
        assert!(!impersonates("Olav_Rutten", &authors));
        assert!(!impersonates("Olaf_Rutte", &authors));
    }

    #[test]
    fn reserved_words_and_article_authors_are_reserved() {
        for name in [
            "admin",
            "ADMIN",
            "auteur",
            "Moderator",
            "beheerder",
            "Olaf_Rutten",
        ] {
            let parsed = parse(name).expect("valid name");
            assert!(is_reserved(&parsed, ["Olaf Rutten"]), "{name}");
        }
        let fine = parse("lezer42").expect("valid name");
        assert!(!is_reserved(&fine, ["Olaf Rutten"]));
    }

    #[test]
    fn accented_look_alikes_of_the_author_are_reserved() {
        for name in ["OIaf Rütten", "Ólaf Rutten", "Olaf Ruttén", "olaf rütten"] {
            let shown = display_name(name).expect("valid display name");
            assert!(is_reserved(&shown, ["Olaf Rutten"]), "{name}");
        }
        // And the other way round: an author with accents in the name.
        let plain = display_name("Jose Garcia").expect("valid display name");
        assert!(is_reserved(&plain, ["José García"]));
        // Accents still tell ordinary readers apart.
        let reader = display_name("Renée").expect("valid display name");
        assert!(!is_reserved(&reader, ["Olaf Rutten"]));
        assert_ne!(
            reader.skeletons,
            display_name("Renee").expect("valid").skeletons
        );
    }

    #[test]
    fn invisible_characters_are_refused() {
        for name in [
            "\u{3164}\u{3164}\u{3164}",
            "\u{115F}\u{1160}abc",
            "ab\u{FFA0}c",
            "olaf\u{200B}",
            "ol\u{AD}af",
            "ol\u{2060}af",
            "olaf\u{FE0F}",
        ] {
            let refused = parse(name);
            assert!(refused.is_err(), "{name:?}");
            assert!(
                refused.err().is_some_and(|m| m.contains("onzichtbare")),
                "{name:?}"
            );
        }
    }

    #[test]
    fn confusable_names_impersonate_the_author() {
        let authors = vec!["Olaf_Rutten".to_string()];
        for name in [
            "olaf_rutten",
            "0laf_Rutten",
            "Olaf_Rutt\u{0435}n",
            "\u{039f}laf_rutten",
            "Olaf_Ruttem",
        ] {
            let expected = name != "Olaf_Ruttem";
            assert_eq!(impersonates(name, &authors), expected, "{name}");
        }
    }
}
