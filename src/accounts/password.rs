//! Passwords: the strength rule and argon2id hashing, always off the async
//! threads, on the fixed pool of hashing threads (`AppState::hashing`): at most
//! one hash per thread at a time, a short queue, then `AppError::Busy`.

use std::sync::LazyLock;

use anyhow::anyhow;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use secrecy::{ExposeSecret, SecretString};
use zxcvbn::{Score, zxcvbn};

use crate::error::Result;
use crate::workers::Workers;

/// Minimum length in characters.
pub const MIN_LEN: usize = 10;
/// Beyond this a "password" is a paste accident or an attack on our CPU.
pub const MAX_LEN: usize = 256;

/// Checks strength; the error is a Dutch sentence for the form.
pub fn check_strength(password: &SecretString, username: &str) -> Result<(), &'static str> {
    let password = password.expose_secret();
    let length = password.chars().count();
    if length < MIN_LEN {
        return Err("Je wachtwoord moet minstens 10 tekens lang zijn.");
    }
    if length > MAX_LEN {
        return Err("Je wachtwoord mag hoogstens 256 tekens lang zijn.");
    }
    if zxcvbn(password, &[username, "reacties"]).score() < Score::Three {
        return Err(
            "Dit wachtwoord is te makkelijk te raden. Kies bijvoorbeeld een paar woorden die niet bij elkaar horen.",
        );
    }
    Ok(())
}

/// Hashes with argon2id (default parameters) and a fresh salt.
pub async fn hash(workers: &Workers, password: SecretString) -> Result<String> {
    Ok(workers
        .run(move || hash_blocking(password.expose_secret()))
        .await??)
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow!("argon2: {e}"))
}

/// A real hash to verify against when the username does not exist, so that
/// a failed login takes as long whether or not the account is there.
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| hash_blocking("geen-echt-wachtwoord-maar-wel-even-duur").ok());

/// Verifies `password` against a stored hash, or against a dummy when there is none.
pub async fn verify(
    workers: &Workers,
    password: SecretString,
    stored: Option<String>,
) -> Result<bool> {
    let checked = workers.run(move || -> anyhow::Result<bool> {
        let dummy = DUMMY_HASH.clone().ok_or_else(|| anyhow!("dummy hash"))?;
        // An unknown name or an unusable hash costs the same time as a real check.
        let known = stored
            .as_deref()
            .is_some_and(|h| PasswordHash::new(h).is_ok());
        let phc = stored.filter(|_| known).unwrap_or(dummy);
        let parsed = PasswordHash::new(&phc).map_err(|e| anyhow!("stored hash: {e}"))?;
        let matches = Argon2::default()
            .verify_password(password.expose_secret().as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    });
    Ok(checked.await??)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_common_passwords_are_refused() {
        for weak in [
            "kort",
            "wachtwoord",
            "password123",
            "1234567890",
            "olaf_rutten1",
        ] {
            assert!(
                check_strength(&weak.into(), "olaf_rutten").is_err(),
                "{weak}"
            );
        }
    }

    #[test]
    fn a_long_unusual_password_is_accepted() {
        assert!(check_strength(&"paars-fietsje-onder-de-maan".into(), "olaf").is_ok());
    }

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let workers = Workers::new("test", 1, 1).expect("pool");
        let workers = &workers;
        let stored = hash(workers, "paars-fietsje-onder-de-maan".into())
            .await
            .expect("hashing works");
        assert!(stored.starts_with("$argon2id$"));
        assert!(
            verify(
                workers,
                "paars-fietsje-onder-de-maan".into(),
                Some(stored.clone())
            )
            .await
            .expect("verify runs")
        );
        assert!(
            !verify(workers, "iets-anders-helemaal".into(), Some(stored))
                .await
                .expect("verify runs")
        );
        assert!(
            !verify(workers, "paars-fietsje-onder-de-maan".into(), None)
                .await
                .expect("verify runs")
        );
        assert!(
            !verify(workers, "!".into(), Some("!".into()))
                .await
                .expect("an unusable stored hash is a mismatch, not an error")
        );
    }
}
