//! Usernames: what is allowed, and the key that makes look-alikes collide.

use unicode_normalization::UnicodeNormalization;

/// Shortest and longest allowed username, in characters.
pub const MIN_LEN: usize = 3;
pub const MAX_LEN: usize = 30;

/// A username that passed validation: the name to show and its uniqueness key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username {
    pub display: String,
    pub key: String,
}

/// The uniqueness key: NFKC, lower case, NFKC again (lower-casing can denormalise).
pub fn key(raw: &str) -> String {
    let folded: String = raw.trim().nfkc().collect::<String>().to_lowercase();
    folded.nfkc().collect()
}

/// The confusable skeleton of the key (Unicode TR39): "0laf" and "οlaf" with a
/// Greek omicron both come out as the skeleton of "olaf".
pub fn skeleton(raw: &str) -> String {
    unicode_security::skeleton(&key(raw))
        .collect::<String>()
        .to_lowercase()
}

/// Whether `raw` would pass for one of `protected` (the author's names).
pub fn impersonates(raw: &str, protected: &[String]) -> bool {
    let candidate = skeleton(raw);
    protected.iter().any(|name| skeleton(name) == candidate)
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
        return Err("Vul een gebruikersnaam in.");
    }
    if length < MIN_LEN {
        return Err("Je gebruikersnaam moet minstens 3 tekens lang zijn.");
    }
    if length > MAX_LEN {
        return Err("Je gebruikersnaam mag hoogstens 30 tekens lang zijn.");
    }
    let normalised: String = display.nfkc().collect();
    if !normalised.chars().all(allowed) || !display.chars().all(allowed) {
        return Err(
            "Een gebruikersnaam bestaat alleen uit letters, cijfers, '-', '_' en '.' (geen spaties).",
        );
    }
    if !normalised.chars().any(|c| c.is_alphanumeric()) {
        return Err("Een gebruikersnaam bevat minstens één letter of cijfer.");
    }
    Ok(Username {
        key: key(&display),
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
        return Err("Vul een naam in.");
    }
    if !(DISPLAY_MIN_LEN..=DISPLAY_MAX_LEN).contains(&length) {
        return Err("Een naam is 2 tot 40 tekens lang.");
    }
    let normalised: String = display.nfkc().collect();
    if !normalised.chars().all(display_allowed) || !display.chars().all(display_allowed) {
        return Err(
            "Een naam bestaat uit letters, cijfers, spaties en '-', '_', '.' of een apostrof.",
        );
    }
    if !normalised.chars().any(char::is_alphabetic) {
        return Err("Een naam bevat minstens één letter.");
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
