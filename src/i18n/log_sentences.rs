//! The log lines with numbers in them: one branch per language.

use super::lang::Lang;
use super::texts::Texts;

impl Texts {
    /// The open-files limit is below what `--max-connections` needs.
    pub fn log_file_limit_low(&self, limit: u64) -> String {
        match self.lang {
            Lang::Nl => format!(
                "het aantal open bestanden is begrensd op {limit}, minder dan --max-connections vraagt; verhoog de harde grens (ulimit -Hn, systemd LimitNOFILE)"
            ),
            Lang::En => format!(
                "open files are limited to {limit}, fewer than --max-connections asks for; raise the hard limit (ulimit -Hn, systemd LimitNOFILE)"
            ),
        }
    }

    /// Log lines were dropped because standard error did not keep up.
    pub fn log_lines_dropped(&self, dropped: u64) -> String {
        match self.lang {
            Lang::Nl => {
                format!("{dropped} logregels weggelaten: standaardfout nam ze niet snel genoeg aan")
            }
            Lang::En => format!(
                "{dropped} log lines left out: standard error did not take them fast enough"
            ),
        }
    }
}
