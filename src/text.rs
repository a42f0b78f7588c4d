//! Cleaning what people type: Unicode NFC, and no control characters or bidi
//! overrides (which can make a name or a reaction display as something else).

use unicode_normalization::UnicodeNormalization;

/// Characters that reorder text on screen (Trojan-Source style tricks).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// NFC, without control characters (newlines and tabs stay) and bidi controls.
pub fn clean(raw: &str) -> String {
    raw.nfc()
        .filter(|&c| !is_bidi_control(c) && (!c.is_control() || c == '\n' || c == '\t'))
        .collect()
}

/// [`clean`] for one-line fields: newlines and tabs become spaces too.
pub fn clean_line(raw: &str) -> String {
    clean(raw).replace(['\n', '\t'], " ")
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
}
