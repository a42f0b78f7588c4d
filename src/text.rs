//! Cleaning what people type: Unicode NFC, and no control characters, bidi
//! overrides (which can make a name or a reaction display as something else) or
//! noncharacters (which are not allowed in XML, so they would break the feed).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Characters that reorder text on screen (Trojan-Source style tricks).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every
/// plane (U+FFFE, U+FFFF, U+1FFFE, …). Never meant for interchange.
pub fn is_noncharacter(c: char) -> bool {
    let cp = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE
}

/// NFC, without control characters (newlines and tabs stay), bidi controls and
/// noncharacters.
pub fn clean(raw: &str) -> String {
    raw.nfc()
        .filter(|&c| {
            !is_bidi_control(c)
                && !is_noncharacter(c)
                && (!c.is_control() || c == '\n' || c == '\t')
        })
        .collect()
}

/// [`clean`] for one-line fields: newlines and tabs become spaces too.
pub fn clean_line(raw: &str) -> String {
    clean(raw).replace(['\n', '\t'], " ")
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties, Unicode 15):
/// characters a renderer shows as nothing at all (soft hyphen, zero-width
/// space and joiners, Hangul fillers, variation selectors, tag characters, …).
const DEFAULT_IGNORABLE: &[(char, char)] = &[
    ('\u{AD}', '\u{AD}'),
    ('\u{34F}', '\u{34F}'),
    ('\u{61C}', '\u{61C}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180F}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{206F}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{FFF0}', '\u{FFF8}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0000}', '\u{E0FFF}'),
];

/// Whether `c` is a default-ignorable code point: it takes up no room on screen.
pub fn is_default_ignorable(c: char) -> bool {
    DEFAULT_IGNORABLE
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `c` shows as nothing or as blank space: default-ignorable code
/// points, white space, and blank symbols such as the empty Braille pattern.
pub fn is_invisible(c: char) -> bool {
    is_default_ignorable(c)
        || c.is_whitespace()
        || matches!(c, '\u{2800}' | '\u{1D159}' | '\u{FFFC}')
}

/// `text` with every character XML 1.0 forbids removed (controls other than
/// tab, newline and carriage return; noncharacters), for the Atom feed.
/// Older rows may predate [`clean`], so the feed filters on output as well.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    let allowed =
        |c: char| !is_noncharacter(c) && (!c.is_control() || matches!(c, '\t' | '\n' | '\r'));
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_composed_and_stripped_of_controls_and_bidi_overrides() {
        assert_eq!(clean("Zoe\u{0308}"), "Zoë");
        assert_eq!(clean("a\u{202E}b\u{2066}c\u{200F}d"), "abcd");
        assert_eq!(clean("x\u{0000}y\u{0007}z\u{007F}"), "xyz");
        assert_eq!(clean("regel\neen\ttab"), "regel\neen\ttab");
        assert_eq!(clean_line("een\ntwee"), "een twee");
    }

    #[test]
    fn noncharacters_and_every_c0_control_but_newline_and_tab_are_stripped() {
        assert_eq!(
            clean("a\u{FFFF}b\u{FFFE}c\u{FDD0}d\u{FDEF}e\u{1FFFF}f\u{10FFFE}g"),
            "abcdefg"
        );
        let controls: String = (0u8..0x20).map(char::from).collect();
        assert_eq!(clean(&format!("x{controls}y")), "x\t\ny");
        // Near misses stay: U+FFFD and U+FDCF are ordinary characters.
        assert_eq!(clean("\u{FFFD}\u{FDCF}"), "\u{FFFD}\u{FDCF}");
    }

    #[test]
    fn default_ignorable_and_blank_characters_are_recognised() {
        for c in [
            '\u{AD}',
            '\u{200B}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{115F}',
            '\u{1160}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{FE0F}',
            '\u{E0041}',
        ] {
            assert!(is_default_ignorable(c), "{:04X}", u32::from(c));
            assert!(is_invisible(c), "{:04X}", u32::from(c));
        }
        for c in ['\u{2800}', '\u{3000}', '\u{A0}', ' '] {
            assert!(is_invisible(c), "{:04X}", u32::from(c));
        }
        for c in ['a', 'ë', '-', 'Ж', '\u{3163}', '\u{1161}'] {
            assert!(!is_invisible(c), "{c}");
        }
    }

    #[test]
    fn xml_safe_drops_what_xml_forbids_and_keeps_the_rest() {
        assert_eq!(xml_safe("gewoon <tekst> & zo"), "gewoon <tekst> & zo");
        assert_eq!(xml_safe("a\u{FFFF}b\u{0001}c\td\re\n"), "abc\td\re\n");
    }
}
