//! The command line in Dutch: the help text (written out here, because clap's
//! own headings and annotations are English) and parse errors in words. A test
//! checks that every flag and command clap knows is described here.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};

use crate::cli::Cli;

/// `reacties --help`.
pub const HELP: &str = "\
Reacties: een blog waar reacties echt welkom zijn.

Gebruik:
  reacties [opties]                  de site draaien
  reacties [opties] <opdracht> ...   een opdracht uitvoeren

Opdrachten:
  author create <naam> [--additional]
                          het auteursaccount aanmaken; het wachtwoord wordt
                          gevraagd (of als één regel gelezen uit een pipe).
                          --additional: ook als er al een auteur is
  author promote <naam> [--additional]
                          een bestaand account (op de site geregistreerd)
                          auteur maken
  author reset-password <naam>
                          een nieuw wachtwoord voor een account; het wordt
                          overal uitgelogd
  backup <bestand>        een samenhangende kopie van de database schrijven,
                          ook terwijl de site draait (het bestand mag nog niet
                          bestaan)
  healthcheck             vragen of de draaiende site (op --bind) gezond is;
                          eindigt met 0 als dat zo is
  export <bestand> [--with-passwords]
                          alles (reacties, accounts, moderatie, logboek,
                          instellingen) als JSON schrijven; wachtwoord-hashes
                          alleen met --with-passwords (het bestand mag nog
                          niet bestaan)
  import wordpress <bestand.xml> [importopties]
                          reacties uit een WordPress-export (WXR) halen
  import disqus <bestand.xml> [importopties]
                          reacties uit een Disqus-export halen
  import isso <bestand.db> [importopties]
                          reacties uit de SQLite-database van Isso halen
  import reacties <bestand.json>
                          een export van Reacties terugzetten in een nieuwe,
                          lege database

Importopties:
  --map <oud-adres=slug>  de reacties bij dat oude adres horen bij dat
                          artikel (mag vaker)
  --match-accounts        een reactie komt op naam van het account met de
                          naam van de schrijver, als dat er is (anders als gast)
  --dry-run               alleen vertellen wat er zou gebeuren; niets opslaan

Opties (elk ook als omgevingsvariabele):
  --bind <adres:poort>             REACTIES_BIND; standaard 127.0.0.1:3000
  --database <bestand>             REACTIES_DATABASE; standaard data/reacties.db
  --content <map>                  REACTIES_CONTENT; standaard content
  --public-url <adres>             REACTIES_PUBLIC_URL; standaard
                                   http://127.0.0.1:3000 (het adres dat lezers
                                   gebruiken; https zet veilige cookies aan)
  --rate-limits <on|off>           REACTIES_RATE_LIMITS; standaard on
  --trusted-proxies <ip,ip,...>    REACTIES_TRUSTED_PROXIES; proxy's waarvan
                                   X-Forwarded-For geloofd wordt
  --posts-per-hour <n>             REACTIES_POSTS_PER_HOUR; standaard 30
  --posts-per-hour-per-client <n>  REACTIES_POSTS_PER_HOUR_PER_CLIENT; standaard 120
  --registrations-per-hour <n>     REACTIES_REGISTRATIONS_PER_HOUR; standaard 10
  --logins-per-hour <n>            REACTIES_LOGINS_PER_HOUR; standaard 60
  --reports-per-hour <n>           REACTIES_REPORTS_PER_HOUR; standaard 10
  --login-failures <n>             REACTIES_LOGIN_FAILURES; standaard 5
  --previews-per-minute <n>        REACTIES_PREVIEWS_PER_MINUTE; standaard 30
  --request-timeout <seconden>     REACTIES_REQUEST_TIMEOUT; standaard 30
  --header-timeout <seconden>      REACTIES_HEADER_TIMEOUT; standaard 10
  --max-connections <n>            REACTIES_MAX_CONNECTIONS; standaard 10000
  --shutdown-grace <seconden>      REACTIES_SHUTDOWN_GRACE; standaard 10
  --hash-threads <n>               REACTIES_HASH_THREADS; standaard 0 (één per kern)
  --min-fill-secs <seconden>       REACTIES_MIN_FILL_SECS; standaard 3
  --log-format <text|json>         REACTIES_LOG_FORMAT; standaard text
  --smtp-url <url>                 REACTIES_SMTP_URL; de mailserver (smtp:// met
                                   STARTTLS, smtps://, of ?tls=none naar deze
                                   machine); zonder: geen mail
  --mail-from <adres>              REACTIES_MAIL_FROM; het afzenderadres van mail
  --bench-static-bytes <n>         REACTIES_BENCH_STATIC_BYTES; alleen voor metingen
  -h, --help                       deze hulp tonen
  -V, --version                    het versienummer tonen

Meer uitleg staat in README.md.
";

/// What `main` does with the command line.
#[derive(Debug)]
pub enum Parsed {
    Run(Box<Cli>),
    /// Help or version was asked for: print this, exit 0.
    Show(String),
    /// The command line is wrong: print this, exit 2.
    Wrong(String),
}

/// Reads the command line (`args` with the program name first).
pub fn parse<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let flag = |names: &[&str]| args.iter().skip(1).any(|a| names.iter().any(|n| a == n));
    if flag(&["-h", "--help", "help"]) {
        return Parsed::Show(HELP.to_owned());
    }
    if flag(&["-V", "--version"]) {
        return Parsed::Show(format!("reacties {}\n", env!("CARGO_PKG_VERSION")));
    }
    match Cli::try_parse_from(&args) {
        Ok(cli) => Parsed::Run(Box::new(cli)),
        Err(e) => Parsed::Wrong(in_dutch(&e)),
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        _ => String::new(),
    }
}

/// A parse error as a Dutch sentence, with a pointer to the help.
fn in_dutch(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let sentence = match e.kind() {
        ErrorKind::UnknownArgument => format!("onbekende optie '{arg}'."),
        ErrorKind::InvalidSubcommand => format!("onbekende opdracht '{value}'."),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("'{value}' is geen geldige waarde voor {arg}.")
        }
        ErrorKind::MissingRequiredArgument => format!("er ontbreekt iets: {arg}."),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "deze opdracht heeft nog een onderdeel nodig (bijvoorbeeld 'author create <naam>')."
                .to_owned()
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            "deze opties gaan niet samen.".to_owned()
        }
        _ => "de opdracht is niet goed.".to_owned(),
    };
    format!("Fout: {sentence} Zie 'reacties --help'.")
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
    fn the_dutch_help_describes_every_flag_and_command() {
        let missing: Vec<String> = known_names()
            .into_iter()
            .filter(|name| !HELP.contains(name.as_str()))
            .collect();
        assert!(missing.is_empty(), "not in the help: {missing:?}");
    }

    #[test]
    fn mistakes_are_told_in_dutch() {
        for (args, expected) in [
            (vec!["reacties", "--onzin"], "onbekende optie '--onzin'"),
            (vec!["reacties", "--bind", "hier"], "geen geldige waarde"),
            (vec!["reacties", "maak-taart"], "onbekende opdracht"),
            (vec!["reacties", "author"], "nog een onderdeel nodig"),
        ] {
            match parse(args.clone()) {
                Parsed::Wrong(message) => {
                    assert!(message.starts_with("Fout: "), "{message}");
                    assert!(message.contains(expected), "{args:?}: {message}");
                    assert!(!message.contains("error"), "{message}");
                }
                other => panic!("{args:?}: {other:?}"),
            }
        }
        assert!(
            matches!(parse(["reacties", "--help"]), Parsed::Show(h) if h.starts_with("Reacties:"))
        );
        assert!(matches!(
            parse(["reacties", "author", "-h"]),
            Parsed::Show(_)
        ));
    }
}
