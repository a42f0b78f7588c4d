//! The language of the terminal, from the locale environment as every command
//! line program reads it: `LC_ALL`, else `LC_MESSAGES`, else `LANG` (the first
//! one set and not empty counts, as POSIX says). A value starting with `en`
//! gives English, `nl` Dutch; any other (`C`, `POSIX`, another language)
//! decides nothing, and a command that opens the database then follows the
//! site's interface language.

use super::lang::Lang;

/// The language the environment asks for, if it asks for one of ours.
pub fn from_env() -> Option<Lang> {
    let var = |name: &str| std::env::var(name).ok();
    from_values(var("LC_ALL"), var("LC_MESSAGES"), var("LANG"))
}

fn from_values(
    lc_all: Option<String>,
    lc_messages: Option<String>,
    lang: Option<String>,
) -> Option<Lang> {
    let value = [lc_all, lc_messages, lang]
        .into_iter()
        .flatten()
        .find(|v| !v.is_empty())?;
    // "en_GB.UTF-8", "nl_BE@euro", "en": the language before the territory.
    let code = value.split(['_', '.', '@', '-']).next().unwrap_or("");
    Lang::parse(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn the_first_locale_variable_set_decides() {
        assert_eq!(from_values(None, None, s("en_US.UTF-8")), Some(Lang::En));
        assert_eq!(from_values(None, None, s("nl_NL.UTF-8")), Some(Lang::Nl));
        assert_eq!(from_values(s("nl_BE@euro"), None, s("en")), Some(Lang::Nl));
        assert_eq!(from_values(s(""), s("en_GB"), s("nl")), Some(Lang::En));
        assert_eq!(from_values(None, None, s("C")), None);
        assert_eq!(
            from_values(s("POSIX"), None, s("en_US")),
            None,
            "LC_ALL wins"
        );
        assert_eq!(from_values(None, None, s("de_DE.UTF-8")), None);
        assert_eq!(from_values(None, None, None), None);
    }
}
