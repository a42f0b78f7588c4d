//! The server's log lines for the person who runs it, in the terminal's
//! language (chosen once at start-up, see `i18n::set_log_lang`). The
//! structured fields beside them (`error`, `id`, `limit`, ...) keep their
//! names in every language, so a log collector can still match on those.
//! The lines with numbers are in `log_sentences`.
//! The request lines ("finished processing request") are `tower-http`'s own
//! format and stay as they are.

use super::catalogue::catalogue;

catalogue!(
    /// Fixed log lines.
    LogTexts {
        stopping: "stoppen: geen nieuwe verbindingen, lopende verzoeken mogen afmaken", "stopping: no new connections, requests under way may finish";
        grace_over: "wachttijd voorbij: resterende verbindingen gesloten", "grace period over: the remaining connections were closed";
        accept_failed: "verbinding aannemen mislukt", "accepting a connection failed";
        file_limit_not_raised: "grens voor open bestanden niet verhoogd", "the open-files limit was not raised";
        database_takes_no_writes: "de database neemt geen schrijfopdrachten aan", "the database takes no writes";
        write_lock_stuck: "de schrijfvergrendeling van de database bleef bezet", "the database's write lock stayed taken";
        api_request_failed: "API-verzoek mislukt", "API request failed";
        request_failed: "verzoek mislukt", "request failed";
        queue_full: "werkrij vol; verzoek geweigerd", "work queue full; request refused";
        untrusted_forwarded: "Veel verzoeken komen met X-Forwarded-For binnen van een adres dat niet in REACTIES_TRUSTED_PROXIES staat. Staat Reacties achter een reverse proxy? Zet dan REACTIES_TRUSTED_PROXIES op het adres van die proxy: anders tellen alle bezoekers als één client voor de limieten, en sluiten vijf verkeerde wachtwoorden een account voor iedereen af.", "Many requests arrive with X-Forwarded-For from an address that is not in REACTIES_TRUSTED_PROXIES. Is Reacties behind a reverse proxy? Then set REACTIES_TRUSTED_PROXIES to that proxy's address: otherwise every visitor counts as one client for the limits, and five wrong passwords lock an account for everyone.";
        mail_queue_unreadable: "mail: de wachtrij kon niet worden gelezen", "mail: the queue could not be read";
        mail_not_composed: "mail: kon niet worden opgesteld", "mail: could not be composed";
        mail_sent: "mail verstuurd", "mail sent";
        mail_not_sent: "mail niet verstuurd", "mail not sent";
        reset_link_not_queued: "mail: de link voor een nieuw wachtwoord kon niet worden klaargezet", "mail: the link for a new password could not be queued";
        markdown_too_slow: "Markdown renderen duurde te lang; afgebroken", "rendering Markdown took too long; stopped";
        reaction_writer_stopped: "de schrijver van reacties is gestopt", "the reaction writer has stopped";
        writer_stopped: "de schrijver is gestopt", "the writer has stopped";
        group_commit_no_connection: "groepscommit: geen verbinding", "group commit: no connection";
        group_commit_failed: "groepscommit mislukt", "group commit failed";
        closing_failed_connection: "de verbinding van de mislukte schrijver wordt gesloten", "closing the failed writer's connection";
        refused_reaction: "de database weigerde een reactie", "the database refused a reaction";
        refused_stance: "de database weigerde een standpunt", "the database refused a stance";
        refused_appreciation: "de database weigerde een waardering", "the database refused an appreciation";
        left_in_transaction: "een verbinding bleef in een transactie achter; ze wordt gesloten", "a connection was left inside a transaction; closing it";
        live_article_failed: "live: artikel bekijken mislukt", "live: looking at an article failed";
        live_queue_failed: "live: wachtrij bekijken mislukt", "live: looking at the queue failed";
        skeletons_filled: "naamskeletten van bestaande accounts aangevuld", "name skeletons of existing accounts filled in";
        sessions_purged: "verlopen sessies opgeruimd", "expired sessions cleared";
        sessions_purge_failed: "opruimen van sessies mislukt", "clearing sessions failed";
        instances_not_told: "de andere instanties konden niet worden ingelicht over een wijziging; hun pagina's verlopen binnen 30 seconden", "the other instances could not be told about a change; their pages expire within 30 seconds";
        instances_not_heard: "verbinding om wijzigingen van andere instanties te horen verloren; opnieuw verbinden", "lost the connection that hears other instances' changes; connecting again";
        attempts_purge_failed: "opruimen van inlogpogingen mislukt", "clearing login attempts failed";
    }
);
