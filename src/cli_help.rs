//! The command line in the terminal's language (see `i18n::locale`): the help
//! text (written out in the catalogue, `i18n/help_nl.txt` and `help_en.txt`,
//! because clap's own headings and annotations are English only) and parse
//! errors in words. A test checks that every flag and command clap knows is
//! described in both.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};

use crate::cli::Cli;
use crate::i18n::{Lang, Texts, locale};

/// What `main` does with the command line.
#[derive(Debug)]
pub enum Parsed {
    Run(Box<Cli>),
    /// Help or version was asked for: print this, exit 0.
    Show(String),
    /// The command line is wrong: print this, exit 2.
    Wrong(String),
}

/// Reads the command line (`args` with the program name first), answering in
/// the language of the locale environment (Dutch when it names neither: no
/// database is open yet to ask the site).
pub fn parse<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    parse_in(locale::from_env().unwrap_or_default(), args)
}

/// `parse` in `lang`.
pub fn parse_in<I, T>(lang: Lang, args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let t = lang.texts();
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let flag = |names: &[&str]| args.iter().skip(1).any(|a| names.iter().any(|n| a == n));
    if flag(&["-h", "--help", "help"]) {
        return Parsed::Show(t.terminal.help.to_owned());
    }
    if flag(&["-V", "--version"]) {
        return Parsed::Show(format!("reacties {}\n", env!("CARGO_PKG_VERSION")));
    }
    match Cli::try_parse_from(&args) {
        Ok(cli) => Parsed::Run(Box::new(cli)),
        Err(e) => Parsed::Wrong(in_words(t, &e)),
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        _ => String::new(),
    }
}

/// A parse error as a sentence, with a pointer to the help.
fn in_words(t: &Texts, e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let sentence = match e.kind() {
        ErrorKind::UnknownArgument => t.cli_unknown_option(&arg),
        ErrorKind::InvalidSubcommand => t.cli_unknown_command(&value),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => t.cli_invalid_value(&value, &arg),
        ErrorKind::MissingRequiredArgument => t.cli_missing(&arg),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            t.terminal.needs_part.to_owned()
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            t.terminal.options_conflict.to_owned()
        }
        _ => t.terminal.command_wrong.to_owned(),
    };
    t.cli_wrong(&sentence)
}

/// Every long flag and (sub)command name clap knows, for the completeness test.
pub fn known_names() -> Vec<String> {
    fn walk(command: &clap::Command, out: &mut Vec<String>) {
        for arg in command.get_arguments() {
            if let Some(long) = arg.get_long() {
                out.push(format!("--{long}"));
            }
        }
        for sub in command.get_subcommands() {
            out.push(sub.get_name().to_owned());
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_describes_every_flag_and_command_in_both_languages() {
        for lang in Lang::ALL {
            let help = lang.texts().terminal.help;
            let missing: Vec<String> = known_names()
                .into_iter()
                .filter(|name| !help.contains(name.as_str()))
                .collect();
            assert!(missing.is_empty(), "not in the {lang:?} help: {missing:?}");
            assert!(help.contains("LC_ALL") && help.contains("LANG"), "{lang:?}");
        }
    }

    #[test]
    fn mistakes_are_told_in_dutch() {
        for (args, expected) in [
            (vec!["reacties", "--onzin"], "onbekende optie '--onzin'"),
            (vec!["reacties", "--bind", "hier"], "geen geldige waarde"),
            (vec!["reacties", "maak-taart"], "onbekende opdracht"),
            (vec!["reacties", "author"], "nog een onderdeel nodig"),
        ] {
            match parse_in(Lang::Nl, args.clone()) {
                Parsed::Wrong(message) => {
                    assert!(message.starts_with("Fout: "), "{message}");
                    assert!(message.contains(expected), "{args:?}: {message}");
                    assert!(!message.contains("error"), "{message}");
                }
                other => panic!("{args:?}: {other:?}"),
            }
        }
        assert!(
            matches!(parse_in(Lang::Nl, ["reacties", "--help"]), Parsed::Show(h) if h.starts_with("Reacties:"))
        );
        assert!(matches!(
            parse_in(Lang::Nl, ["reacties", "author", "-h"]),
            Parsed::Show(_)
        ));
    }

    #[test]
    fn mistakes_are_told_in_english_when_the_locale_asks() {
        for (args, expected) in [
            (vec!["reacties", "--onzin"], "unknown option '--onzin'"),
            (vec!["reacties", "--bind", "hier"], "not a valid value"),
            (vec!["reacties", "maak-taart"], "unknown command"),
            (vec!["reacties", "author"], "needs another part"),
        ] {
            match parse_in(Lang::En, args.clone()) {
                Parsed::Wrong(message) => {
                    assert!(message.starts_with("Error: "), "{message}");
                    assert!(message.contains(expected), "{args:?}: {message}");
                    assert!(message.ends_with("See 'reacties --help'."), "{message}");
                }
                other => panic!("{args:?}: {other:?}"),
            }
        }
        assert!(
            matches!(parse_in(Lang::En, ["reacties", "import", "--help"]), Parsed::Show(h) if h.contains("Usage:"))
        );
    }
}
