//! The sentences of `import` and `export` with names, places and numbers:
//! the report's, and the errors of each kind of file.

use std::fmt::Display;

use super::lang::Lang;
use super::texts::Texts;

impl Texts {
    /// `import reacties` is done; `parts` are "table: rows".
    pub fn cli_restored(&self, parts: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Export teruggezet ({parts})."),
            Lang::En => format!("Export restored ({parts})."),
        }
    }

    /// A restore that stored nothing.
    pub fn cli_not_restored(&self, file: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("{file} is niet teruggezet; er is niets opgeslagen"),
            Lang::En => format!("{file} has not been restored; nothing has been stored"),
        }
    }

    /// An import that stored nothing.
    pub fn cli_not_imported(&self, file: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("{file} is niet geïmporteerd; er is niets opgeslagen"),
            Lang::En => format!("{file} has not been imported; nothing has been stored"),
        }
    }

    /// The file to import is not there.
    pub fn cli_not_a_file(&self, file: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("{file} bestaat niet of is geen bestand"),
            Lang::En => format!("{file} does not exist or is not a file"),
        }
    }

    /// The progress bar while reading (indicatif's template).
    pub fn cli_progress_template(&self) -> &'static str {
        match self.lang {
            Lang::Nl => "{spinner} {human_pos} reacties gelezen ({per_sec}, {elapsed})",
            Lang::En => "{spinner} {human_pos} reactions read ({per_sec}, {elapsed})",
        }
    }

    /// A progress line when not on a terminal.
    pub fn cli_progress(&self, seen: u64) -> String {
        match self.lang {
            Lang::Nl => format!("{seen} reacties gelezen…"),
            Lang::En => format!("{seen} reactions read…"),
        }
    }

    /// Reactions in the report ("1 reactie", "3 reactions").
    pub fn cli_reactions(&self, n: u64) -> String {
        self.reactions(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// More problems than listed.
    pub fn cli_more_problems(&self, n: u64) -> String {
        match self.lang {
            Lang::Nl => format!("… en nog {n} problemen."),
            Lang::En => format!("… and {n} more problems."),
        }
    }

    /// Where in an XML file ("regel 12").
    pub fn cli_line(&self, line: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("regel {line}"),
            Lang::En => format!("line {line}"),
        }
    }

    /// An id that came twice.
    pub fn cli_duplicate_id(&self, id: &str) -> String {
        match self.lang {
            Lang::Nl => format!("id {id} komt twee keer voor; de tweede overgeslagen"),
            Lang::En => format!("id {id} occurs twice; the second skipped"),
        }
    }

    /// A reply to a reaction that is not in the file.
    pub fn cli_unknown_parent(&self, parent: &str) -> String {
        match self.lang {
            Lang::Nl => {
                format!("antwoord op onbekende reactie {parent}; als losse reactie geplaatst")
            }
            Lang::En => {
                format!("reply to unknown reaction {parent}; placed as a reaction of its own")
            }
        }
    }

    /// An export file that is not JSON as expected.
    pub fn cli_bad_export(&self, line: usize, column: usize, why: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "regel {line}, kolom {column}: dit is geen geldig Reacties-exportbestand ({why})"
            ),
            Lang::En => format!(
                "line {line}, column {column}: this is not a valid Reacties export file ({why})"
            ),
        }
    }

    /// A JSON file of another kind.
    pub fn cli_not_reacties_export(&self, format: &str) -> String {
        match self.lang {
            Lang::Nl => format!("dit is geen Reacties-export (formaat '{format}')"),
            Lang::En => format!("this is not a Reacties export (format '{format}')"),
        }
    }

    /// An export of another version.
    pub fn cli_export_version(&self, version: impl Display, ours: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!(
                "exportversie {version} wordt niet ondersteund (deze Reacties leest versie {ours})"
            ),
            Lang::En => format!(
                "export version {version} is not supported (this Reacties reads version {ours})"
            ),
        }
    }

    /// A table the export should not have.
    pub fn cli_unknown_table(&self, table: &str) -> String {
        match self.lang {
            Lang::Nl => format!("onbekende tabel '{table}' in de export"),
            Lang::En => format!("unknown table '{table}' in the export"),
        }
    }

    /// A column the database does not have.
    pub fn cli_unknown_column(&self, column: &str) -> String {
        match self.lang {
            Lang::Nl => format!("onbekende kolom '{column}'"),
            Lang::En => format!("unknown column '{column}'"),
        }
    }

    /// A row the database refused.
    pub fn cli_does_not_fit(&self, error: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("past niet in de database ({error})"),
            Lang::En => format!("does not fit in the database ({error})"),
        }
    }

    /// Where in the export a row failed.
    pub fn cli_table_row(&self, table: &str, row: usize) -> String {
        match self.lang {
            Lang::Nl => format!("tabel {table}, rij {row}"),
            Lang::En => format!("table {table}, row {row}"),
        }
    }

    /// A restore into a database in use.
    pub fn cli_database_not_empty(&self, users: i64, reactions: i64) -> String {
        match self.lang {
            Lang::Nl => format!(
                "de database is niet leeg ({users} accounts, {}); zet een export alleen terug in een nieuwe, lege database",
                self.reactions(reactions)
            ),
            Lang::En => format!(
                "the database is not empty ({users} accounts, {}); restore an export only into a new, empty database",
                self.reactions(reactions)
            ),
        }
    }

    /// A `--map` without `=`.
    pub fn cli_map_syntax(&self, pair: &str) -> String {
        match self.lang {
            Lang::Nl => format!("--map '{pair}': schrijf het als oud-adres=slug"),
            Lang::En => format!("--map '{pair}': write it as old-address=slug"),
        }
    }

    /// A `--map` to an article that is not there.
    pub fn cli_map_no_article(&self, pair: &str, slug: &str) -> String {
        match self.lang {
            Lang::Nl => format!("--map '{pair}': er is geen artikel met slug '{slug}'"),
            Lang::En => format!("--map '{pair}': there is no article with slug '{slug}'"),
        }
    }

    /// An XML entity the reader does not expand.
    pub fn cli_unknown_entity(&self, name: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "onbekende entiteit &{name}; (alleen &amp; &lt; &gt; &quot; &apos; en tekencodes worden gelezen)"
            ),
            Lang::En => format!(
                "unknown entity &{name}; (only &amp; &lt; &gt; &quot; &apos; and character references are read)"
            ),
        }
    }

    /// An XML file in another encoding.
    pub fn cli_encoding(&self, encoding: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "het bestand is in tekenset {encoding}; alleen UTF-8 wordt gelezen. Sla het op als UTF-8 en probeer opnieuw"
            ),
            Lang::En => format!(
                "the file is in character set {encoding}; only UTF-8 is read. Save it as UTF-8 and try again"
            ),
        }
    }

    /// Reading stopped halfway.
    pub fn cli_read_failed(&self, error: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("het bestand kan niet verder gelezen worden ({error})"),
            Lang::En => format!("the file cannot be read further ({error})"),
        }
    }

    /// Isso's file is no SQLite database.
    pub fn cli_cannot_open_sqlite(&self, file: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("kan {file} niet openen als SQLite-database"),
            Lang::En => format!("cannot open {file} as an SQLite database"),
        }
    }

    /// Isso's file has other tables.
    pub fn cli_not_isso(&self, file: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!(
                "{file} is geen Isso-database (de tabellen comments en threads ontbreken, of het is geen SQLite)"
            ),
            Lang::En => format!(
                "{file} is not an Isso database (the tables comments and threads are missing, or it is not SQLite)"
            ),
        }
    }

    /// Isso's database failed while reading.
    pub fn cli_isso_unreadable(&self, error: impl Display) -> String {
        match self.lang {
            Lang::Nl => format!("de Isso-database kan niet gelezen worden: {error}"),
            Lang::En => format!("the Isso database cannot be read: {error}"),
        }
    }
}
