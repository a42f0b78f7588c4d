//! The author's word lists against a reaction. Both sides are compared in one
//! normalised form, so the usual spelling tricks do not slip past: a zero-width
//! space or soft hyphen inside a word, a Cyrillic `а` for a Latin `a`,
//! full-width letters, accents, upper case or a double space.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The form in which list entries and reactions are compared: NFKC, case
/// folded, the confusable skeleton (UTS #39: default-ignorable characters
/// removed, look-alikes mapped to one prototype), accents and other marks
/// dropped, case folded again (prototypes can be capitals: `0` becomes `O`),
/// and white space collapsed to single spaces.
pub fn match_form(text: &str) -> String {
    let folded = text.nfkc().collect::<String>().to_lowercase();
    let skeleton = unicode_security::skeleton(&folded)
        .filter(|&c| !is_combining_mark(c))
        .collect::<String>()
        .to_lowercase();
    skeleton.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first listed word or phrase (one per line; commas also separate) that
/// occurs in `body`, lower-cased as the author's queue shows it. A single word
/// must match a whole word ("sex" does not match "Essex"); a phrase matches
/// anywhere.
pub fn find_listed(body: &str, list: &str) -> Option<String> {
    if list.trim().is_empty() {
        return None;
    }
    let text = match_form(body);
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    list.split(['\n', ','])
        .find(|entry| {
            let entry = match_form(entry);
            if entry.is_empty() {
                false
            } else if entry.chars().all(char::is_alphanumeric) {
                words.contains(&entry.as_str())
            } else {
                text.contains(entry.as_str())
            }
        })
        .map(|entry| entry.trim().nfkc().collect::<String>().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_evasion_from_the_review_is_caught() {
        let list = "casino\ngoedkope pillen";
        for body in [
            "Naar het cas\u{200B}ino!",
            "Naar het c\u{0430}sino!",
            "Naar het cas\u{AD}ino!",
            "Naar het CAS\u{2060}INO",
            "Naar het ｃａｓｉｎｏ",
            "Naar het cásino",
            "Goedkope  pillen hier",
            "Goedkope\u{A0}\u{A0}pillen",
            "goed\u{200D}kope\npillen",
        ] {
            assert!(find_listed(body, list).is_some(), "{body:?}");
        }
    }

    #[test]
    fn whole_words_only_and_ordinary_text_passes() {
        assert_eq!(find_listed("Ik woon in Essex", "sex"), None);
        assert_eq!(find_listed("Gewoon een reactie", "casino"), None);
        assert_eq!(find_listed("SEX", "sex"), Some("sex".into()));
        // The list is normalised the same way: a list entry with a trick still matches.
        assert!(find_listed("casino", "c\u{0430}s\u{AD}ino").is_some());
        // The queue names the entry as the author wrote it, not its skeleton.
        assert_eq!(find_listed("SPAM!", "Spam"), Some("spam".into()));
    }
}
