//! What a person at the terminal reads: the command line's help, prompts and
//! answers, the import report, and the start-up lines of the server. The
//! fixed texts; the sentences with names and numbers are in
//! `terminal_sentences`. The language is chosen in `i18n::locale`.

use super::catalogue::catalogue;

catalogue!(
    /// Fixed texts of the command line and the server's start-up.
    Terminal {
        help: include_str!("help_nl.txt"), include_str!("help_en.txt");
        error: "Fout:", "Error:";
        see_help: "Zie 'reacties --help'.", "See 'reacties --help'.";
        needs_part: "deze opdracht heeft nog een onderdeel nodig (bijvoorbeeld 'author create <naam>').", "this command needs another part (for example 'author create <name>').";
        options_conflict: "deze opties gaan niet samen.", "these options do not go together.";
        command_wrong: "de opdracht is niet goed.", "the command is not right.";
        password_prompt: "Wachtwoord: ", "Password: ";
        password_again: "Nogmaals: ", "Again: ";
        passwords_differ: "De wachtwoorden zijn niet gelijk.", "The passwords are not the same.";
        hashes_warning: " (met wachtwoord-hashes: bewaar het veilig)", " (with password hashes: keep it safe)";
        import_dry_run: "Proefdraaien (--dry-run): er is niets opgeslagen. Zou importeren", "Dry run (--dry-run): nothing has been stored. Would import";
        import_done: "Geïmporteerd", "Imported";
        state_approved: "geplaatst", "published";
        state_pending: "wacht op goedkeuring", "awaiting approval";
        state_spam: "spam", "spam";
        per_state: "Per status", "Per state";
        already_imported: "Al eerder geïmporteerd (overgeslagen)", "Imported before (skipped)";
        in_trash: "In de prullenbak of pingback (overgeslagen)", "In the trash or a pingback (skipped)";
        unmatched: "Zonder artikel hier (niet geïmporteerd; koppel ze met --map adres=slug):", "Without an article here (not imported; link them with --map address=slug):";
        problems: "Problemen:", "Problems:";
        no_address: "(zonder adres)", "(without address)";
        no_id: "reactie zonder id; overgeslagen", "reaction without an id; skipped";
        bad_date: "datum onleesbaar; overgeslagen", "date unreadable; skipped";
        empty_text: "lege tekst; overgeslagen", "empty text; skipped";
        text_too_long: "tekst langer dan 100.000 tekens; overgeslagen", "text longer than 100,000 characters; skipped";
        reply_circle: "antwoorden vormen een kring; als losse reactie geplaatst", "replies form a circle; placed as a reaction of its own";
        storing_stopped: "het opslaan is gestopt", "storing has stopped";
        reading_stopped: "het lezen van het bestand is onverwacht gestopt", "reading the file stopped unexpectedly";
        not_an_export_value: "een waarde is geen tekst of getal", "a value is neither text nor a number";
        export_inconsistent: "de export is niet samenhangend: rijen verwijzen naar rijen die er niet zijn", "the export is not consistent: rows refer to rows that are not there";
        export_ends_early: "het houdt te vroeg op", "it ends too early";
        export_read_error: "leesfout", "read error";
        export_unexpected: "onverwachte inhoud", "unexpected content";
        not_wordpress: "dit is geen WordPress-export (WXR): het bestand begint niet met <rss>", "this is not a WordPress export (WXR): the file does not start with <rss>";
        not_disqus: "dit is geen Disqus-export: het bestand begint niet met <disqus>", "this is not a Disqus export: the file does not start with <disqus>";
        xml_element_too_big: "één element of tekst is groter dan 16 MB; dat is geen reactie", "one element or text is larger than 16 MB; that is not a reaction";
        xml_cut_off: "het bestand houdt midden in een element op; is het afgebroken?", "the file ends in the middle of an element; was it cut off?";
        xml_text_too_long: "een tekst is langer dan 8 MB; dat is geen reactie", "a text is longer than 8 MB; that is not a reaction";
        xml_bad_attribute: "een attribuut is niet goed gevormd", "an attribute is not well-formed";
        xml_attribute_entity: "een attribuut bevat een onbekende entiteit", "an attribute contains an unknown entity";
        xml_bad_char_ref: "ongeldige tekencode", "invalid character reference";
        xml_doctype: "het bestand declareert eigen of externe entiteiten (DOCTYPE); die worden uit veiligheid niet gelezen", "the file declares its own or external entities (DOCTYPE); for safety they are not read";
        xml_invalid: "het bestand is geen geldige XML (afgebroken of beschadigd?)", "the file is not valid XML (cut off or damaged?)";
        xml_ill_formed: "de XML is niet goed gevormd (een element wordt niet of verkeerd gesloten)", "the XML is not well-formed (an element is not closed, or closed wrongly)";
        xml_not_utf8: "het bestand is geen geldige UTF-8; sla het op als UTF-8 en probeer opnieuw", "the file is not valid UTF-8; save it as UTF-8 and try again";
        xml_not_xml: "het bestand is geen geldige XML", "the file is not valid XML";
        migrations_failed: "migraties mislukt", "migrations failed";
        path_not_utf8: "de bestandsnaam moet geldige UTF-8 zijn", "the file name must be valid UTF-8";
        backup_failed: "back-up mislukt", "back-up failed";
        postgres_backup: "een PostgreSQL-database maak je een back-up van met pg_dump (of met de back-ups en replicatie van de server zelf); reacties export schrijft de inhoud van de site in één bestand", "back up a PostgreSQL database with pg_dump (or with the server's own backups and replication); reacties export writes the site's content to one file";
        postgres_no_schema: "het schema dat het adres kiest (search_path) bestaat niet in deze database; maak het aan met CREATE SCHEMA, of kies een ander", "the schema the address selects (search_path) does not exist in this database; create it with CREATE SCHEMA, or choose another";
        postgres_url_not_utf8: "het adres van de PostgreSQL-database moet geldige UTF-8 zijn", "the PostgreSQL database address must be valid UTF-8";
        no_author_yet: "Er is nog geen auteursaccount. Maak het aan op deze machine met: reacties author create <gebruikersnaam> (met dezelfde --database); heb je je al via de site geregistreerd, gebruik dan: reacties author promote <gebruikersnaam>", "There is no author account yet. Create it on this machine with: reacties author create <username> (with the same --database); if you have already registered on the site, use: reacties author promote <username>";
        mail_needs_both: "mail vraagt twee instellingen: --smtp-url (REACTIES_SMTP_URL) en --mail-from (REACTIES_MAIL_FROM); er is er maar één gegeven", "mail needs two settings: --smtp-url (REACTIES_SMTP_URL) and --mail-from (REACTIES_MAIL_FROM); only one is given";
        smtp_no_url: "geen geldig adres", "not a valid address";
        smtp_no_server: "er staat geen server in", "it names no server";
        smtp_only_tls: "alleen ?tls=none wordt begrepen", "only ?tls=none is understood";
        smtp_none_loopback: "tls=none (zonder versleuteling) mag alleen naar deze machine (127.0.0.1, ::1 of localhost)", "tls=none (without encryption) is allowed only to this machine (127.0.0.1, ::1 or localhost)";
        smtp_tls_value: "tls kan alleen none zijn (en alleen bij smtp://)", "tls can only be none (and only with smtp://)";
        smtp_scheme: "het moet met smtp:// of smtps:// beginnen", "it must start with smtp:// or smtps://";
        mail_via: "mail gaat via deze SMTP-server", "mail goes through this SMTP server";
    }
);
