//! The terminal's sentences with names, paths and numbers: one branch per
//! language, since word order differs.

use std::fmt::Display;

use super::lang::Lang;
use super::texts::Texts;

impl Texts {
    /// A wrong command line, as one line with a pointer to the help.
    pub fn cli_wrong(&self, sentence: &str) -> String {
        format!(
            "{} {sentence} {}",
            self.terminal.error, self.terminal.see_help
        )
    }

    /// clap did not know this option.
    pub fn cli_unknown_option(&self, arg: &str) -> String {
        match self.lang {
            Lang::Nl => format!("onbekende optie '{arg}'."),
            Lang::En => format!("unknown option '{arg}'."),
        }
    }

    /// clap did not know this command.
    pub fn cli_unknown_command(&self, value: &str) -> String {
        match self.lang {
            Lang::Nl => format!("onbekende opdracht '{value}'."),
            Lang::En => format!("unknown command '{value}'."),
        }
    }

    /// A value clap could not read.
    pub fn cli_invalid_value(&self, value: &str, arg: &str) -> String {
        match self.lang {
            Lang::Nl => format!("'{value}' is geen geldige waarde voor {arg}."),
            Lang::En => format!("'{value}' is not a valid value for {arg}."),
        }
    }

    /// A required argument is missing.
    pub fn cli_missing(&self, arg: &str) -> String {
        match self.lang {
            Lang::Nl => format!("er ontbreekt iets: {arg}."),
            Lang::En => format!("something is missing: {arg}."),
        }
    }

    /// `healthcheck` found no healthy server.
    pub fn cli_unhealthy(&self, bind: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("Reacties op {bind} is niet gezond of niet bereikbaar"),
            Lang::En => format!("Reacties at {bind} is not healthy or not reachable"),
        }
    }

    /// `backup` is done.
    pub fn cli_backup_written(&self, file: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("Back-up geschreven naar {file}."),
            Lang::En => format!("Back-up written to {file}."),
        }
    }

    /// `author create` is done.
    pub fn cli_author_created(&self, name: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Auteur '{name}' is aangemaakt."),
            Lang::En => format!("Author '{name}' has been created."),
        }
    }

    /// `author promote` is done.
    pub fn cli_author_promoted(&self, name: &str) -> String {
        match self.lang {
            Lang::Nl => {
                format!("'{name}' is nu de auteur. Log opnieuw in om de moderatie te zien.")
            }
            Lang::En => format!("'{name}' is now the author. Log in again to see the moderation."),
        }
    }

    /// `author reset-password` is done.
    pub fn cli_password_reset(&self, name: &str, sessions: u64) -> String {
        match self.lang {
            Lang::Nl => {
                let ended = super::texts::counted(
                    sessions.try_into().unwrap_or(i64::MAX),
                    "sessie",
                    "sessies",
                );
                format!("Nieuw wachtwoord voor '{name}' ingesteld; {ended} beëindigd.")
            }
            Lang::En => {
                let ended = super::texts::counted(
                    sessions.try_into().unwrap_or(i64::MAX),
                    "session",
                    "sessions",
                );
                format!("New password set for '{name}'; {ended} ended.")
            }
        }
    }

    /// A second author without `--additional`.
    pub fn cli_author_exists(&self, names: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Er is al een auteursaccount ({names}). Wil je er echt nog een, gebruik dan --additional."
            ),
            Lang::En => format!(
                "There is already an author account ({names}). If you really want another one, use --additional."
            ),
        }
    }

    /// A reserved name for the author.
    pub fn cli_name_reserved(&self, name: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "De gebruikersnaam '{name}' is voorbehouden (of lijkt te veel op 'auteur', 'admin', 'moderator' of 'beheerder'). Kies een andere."
            ),
            Lang::En => format!(
                "The username '{name}' is reserved (or looks too much like 'auteur', 'admin', 'moderator' or 'beheerder'). Choose another."
            ),
        }
    }

    /// A name that is taken.
    pub fn cli_name_taken(&self, name: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "De gebruikersnaam '{name}' is al in gebruik (of lijkt te veel op een bestaande). Kies een andere."
            ),
            Lang::En => format!(
                "The username '{name}' is already in use (or looks too much like an existing one). Choose another."
            ),
        }
    }

    /// No account by that name.
    pub fn cli_no_account(&self, name: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Er is geen account met de naam '{name}'."),
            Lang::En => format!("There is no account with the name '{name}'."),
        }
    }

    /// A file to be written exists already.
    pub fn cli_file_exists(&self, file: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("{file} bestaat al; kies een nieuwe bestandsnaam"),
            Lang::En => format!("{file} exists already; choose a new file name"),
        }
    }

    /// A file could not be written.
    pub fn cli_cannot_write(&self, file: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("kan {file} niet schrijven"),
            Lang::En => format!("cannot write {file}"),
        }
    }

    /// A file could not be opened.
    pub fn cli_cannot_open(&self, file: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("kan {file} niet openen"),
            Lang::En => format!("cannot open {file}"),
        }
    }

    /// `export` is done.
    pub fn cli_export_written(&self, file: impl Display, with_passwords: bool) -> String {
        let hashes = if with_passwords {
            self.terminal.hashes_warning
        } else {
            ""
        };
        match self.lang {
            Lang::Nl => format!("Export geschreven naar {file}{hashes}."),
            Lang::En => format!("Export written to {file}{hashes}."),
        }
    }

    /// A folder that could not be made.
    pub fn cli_cannot_create_folder(&self, folder: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("kan map {folder} niet aanmaken"),
            Lang::En => format!("cannot create folder {folder}"),
        }
    }

    /// A database that could not be opened.
    pub fn cli_cannot_open_database(&self, path: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("kan database {path} niet openen"),
            Lang::En => format!("cannot open database {path}"),
        }
    }

    /// A command on a path without a database.
    pub fn cli_no_database(&self, path: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Er is geen database op {path}. Geef met --database (of REACTIES_DATABASE) het bestand op dat de server gebruikt."
            ),
            Lang::En => format!(
                "There is no database at {path}. Name the file the server uses with --database (or REACTIES_DATABASE)."
            ),
        }
    }

    /// A database that cannot be written.
    pub fn cli_read_only(&self, path: impl Display, detail: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "De database {path} is alleen-lezen ({detail}). Reacties moet erin kunnen schrijven: controleer de rechten van het bestand."
            ),
            Lang::En => format!(
                "The database {path} is read-only ({detail}). Reacties must be able to write to it: check the file's permissions."
            ),
        }
    }

    /// A damaged database.
    pub fn cli_damaged(&self, path: impl Display, detail: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "De database {path} is beschadigd ({detail}). Zet een back-up terug: stop de server, zet het bestand en eventuele -wal- en -shm-bestanden opzij en kopieer de back-up naar deze plek."
            ),
            Lang::En => format!(
                "The database {path} is damaged ({detail}). Restore a back-up: stop the server, move the file and any -wal and -shm files aside, and copy the back-up to this place."
            ),
        }
    }

    /// The lock file could not be locked.
    pub fn cli_cannot_lock(&self, path: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("kan {path} niet vergrendelen"),
            Lang::En => format!("cannot lock {path}"),
        }
    }

    /// A second server on one database.
    pub fn cli_already_running(&self, database: impl Display, lock: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Er draait al een Reacties-server op de database {database}: {lock} is vergrendeld. Stop die server eerst, of kies een andere --database."
            ),
            Lang::En => format!(
                "A Reacties server is already running on the database {database}: {lock} is locked. Stop that server first, or choose another --database."
            ),
        }
    }

    /// The database's folder takes no new files.
    pub fn cli_folder_not_writable(&self, folder: impl Display, error: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Reacties kan niet schrijven in de map {folder} ({error}). De database en haar -wal- en -shm-bestanden moeten daar geschreven kunnen worden: controleer de rechten, en of de schijf niet alleen-lezen is aangekoppeld."
            ),
            Lang::En => format!(
                "Reacties cannot write in the folder {folder} ({error}). The database and its -wal and -shm files must be writable there: check the permissions, and whether the disk is mounted read-only."
            ),
        }
    }

    /// The server could not take its address.
    pub fn cli_cannot_listen(&self, bind: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("kan niet luisteren op {bind}"),
            Lang::En => format!("cannot listen on {bind}"),
        }
    }

    /// The server is up.
    pub fn cli_listening(&self, address: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("Reacties luistert op http://{address}"),
            Lang::En => format!("Reacties is listening on http://{address}"),
        }
    }

    /// A loopback public address on a server others can reach.
    pub fn cli_public_url_warning(&self, url: &str, bind: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Let op: het openbare adres is {url} maar de server luistert op {bind}. Links naar artikelen, previews en feeds wijzen dan naar deze machine; zet --public-url (REACTIES_PUBLIC_URL) op het adres dat lezers gebruiken."
            ),
            Lang::En => format!(
                "Note: the public address is {url} but the server listens on {bind}. Links to articles, previews and feeds then point at this machine; set --public-url (REACTIES_PUBLIC_URL) to the address readers use."
            ),
        }
    }

    /// A wrong `--smtp-url`.
    pub fn cli_smtp_url_wrong(&self, why: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("--smtp-url (REACTIES_SMTP_URL) klopt niet: {why}"),
            Lang::En => format!("--smtp-url (REACTIES_SMTP_URL) is not right: {why}"),
        }
    }

    /// A wrong `--mail-from`.
    pub fn cli_mail_from_wrong(&self, from: &str) -> String {
        match self.lang {
            Lang::Nl => format!("--mail-from (REACTIES_MAIL_FROM) is geen e-mailadres: '{from}'"),
            Lang::En => {
                format!("--mail-from (REACTIES_MAIL_FROM) is not an e-mail address: '{from}'")
            }
        }
    }
}
