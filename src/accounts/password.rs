//! Passwords: the strength rule and argon2id hashing, always off the async
//! threads, on the fixed pool of hashing threads (`AppState::hashing`): at most
//! one hash per thread at a time, a short queue, then `AppError::Busy`.

use std::cell::RefCell;
use std::sync::LazyLock;

use anyhow::anyhow;
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;
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
        return Err(crate::i18n::t().messages.password_short);
    }
    if length > MAX_LEN {
        return Err(crate::i18n::t().messages.password_long);
    }
    if zxcvbn(password, &[username, "reacties"]).score() < Score::Three {
        return Err(crate::i18n::t().messages.password_weak);
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
    let salt = argon2::password_hash::generate_salt();
    let params = Params::default();
    let mut output = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let (algorithm, version) = (Algorithm::Argon2id, Version::V0x13);
    compute(
        algorithm,
        version,
        params.clone(),
        password,
        &salt,
        &mut output,
    )?;
    let phc = PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(&params).map_err(argon2_error)?,
        salt: Some(Salt::new(&salt).map_err(argon2_error)?),
        hash: Some(Output::new(&output).map_err(argon2_error)?),
    };
    Ok(phc.to_string())
}

/// Whether `password` gives the hash in `phc`, computed with its parameters.
fn matches(password: &str, phc: &PasswordHash) -> anyhow::Result<bool> {
    let (Some(salt), Some(expected)) = (&phc.salt, &phc.hash) else {
        return Ok(false);
    };
    let algorithm = Algorithm::try_from(phc.algorithm.as_str()).map_err(argon2_error)?;
    let version = match phc.version {
        Some(v) => Version::try_from(v).map_err(argon2_error)?,
        None => Version::default(),
    };
    let params = Params::try_from(phc).map_err(argon2_error)?;
    let mut output = vec![0u8; expected.len()];
    compute(algorithm, version, params, password, salt, &mut output)?;
    Ok(bool::from(output.as_slice().ct_eq(expected.as_bytes())))
}

thread_local! {
    /// This thread's argon2 memory (19 MiB with the default parameters),
    /// allocated once and reused. Allocated per hash, the allocator kept freed
    /// copies around: RSS grew by ~19 MiB per hash that had run at once, and stayed.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Runs argon2 in this thread's reused memory (argon2 overwrites it on its
/// first pass, so what an earlier hash left there does not matter).
fn compute(
    algorithm: Algorithm,
    version: Version,
    params: Params,
    password: &str,
    salt: &[u8],
    output: &mut [u8],
) -> anyhow::Result<()> {
    let needed = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    MEMORY
        .with_borrow_mut(|blocks| {
            if blocks.len() < needed {
                *blocks = Vec::new();
                *blocks = vec![Block::new(); needed];
            }
            argon2.hash_password_into_with_memory(
                password.as_bytes(),
                salt,
                output,
                blocks.as_mut_slice(),
            )
        })
        .map_err(argon2_error)
}

fn argon2_error(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("argon2: {e}")
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
        let matches = matches(password.expose_secret(), &parsed)?;
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
    async fn hashes_agree_with_the_argon2_crates_own_both_ways_and_with_other_parameters() {
        use argon2::password_hash::{CustomizedPasswordHasher, PasswordHasher, PasswordVerifier};
        const SECRET: &str = "paars-fietsje-onder-de-maan";
        let workers = Workers::new("test", 1, 1).expect("pool");
        let workers = &workers;
        // Stored before this module hashed in its own memory, with other parameters too.
        let small = Params::new(4096, 1, 1, None).expect("params");
        let large = Params::new(32_768, 1, 1, None).expect("params");
        let salt = argon2::password_hash::generate_salt();
        for params in [Params::default(), small, large, Params::default()] {
            let theirs = Argon2::default()
                .hash_password_customized(SECRET.as_bytes(), &salt, None, None, params)
                .expect("hash")
                .to_string();
            assert!(
                verify(workers, SECRET.into(), Some(theirs.clone()))
                    .await
                    .expect("verify")
            );
            assert!(
                !verify(workers, "iets-anders".into(), Some(theirs))
                    .await
                    .expect("verify")
            );
        }
        let ours = hash(workers, SECRET.into()).await.expect("hash");
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        let parsed = PasswordHash::new(&ours).expect("parses");
        assert!(
            Argon2::default()
                .verify_password(SECRET.as_bytes(), &parsed)
                .is_ok()
        );
        let theirs = Argon2::default()
            .hash_password(SECRET.as_bytes())
            .expect("hash");
        assert_eq!(
            theirs.params, parsed.params,
            "the same parameters as before"
        );
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
