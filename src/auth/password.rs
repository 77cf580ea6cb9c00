//! Argon2id hashing, always on the blocking pool so that it never stalls the server.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::AppError;

fn hash_now(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing a password: {e}")))
}

fn verify_now(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A real hash of nothing anyone knows, checked when the email is unknown so that
/// an unknown email takes as long as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_now("dealfund-no-such-user-placeholder").unwrap_or_else(|_| String::from("$argon2id$"))
    })
}

/// How many Argon2 computations may run at once: half the cores (at least one). Argon2 is
/// meant to be slow and takes 19 MiB each time; without a bound, a flood of sign-ins takes
/// every core and a thread (and its memory) per attempt, and every other page slows down.
/// With it, sign-ins queue behind each other while the rest of the site keeps its cores.
fn hashing_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        tokio::sync::Semaphore::new((cores / 2).max(1))
    })
}

/// Runs Argon2 work on the blocking pool, waiting for a permit first.
async fn argon2<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let _permit = hashing_permits().acquire().await.ok()?;
    tokio::task::spawn_blocking(work).await.ok()
}

/// Hashes a password with Argon2id and a fresh salt.
pub async fn hash(password: String) -> Result<String, AppError> {
    argon2(move || hash_now(&password))
        .await
        .ok_or_else(|| AppError::Internal("the hashing task failed".into()))?
}

/// Checks a password against a stored hash; with no hash, spends the same time and fails.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    argon2(move || match stored {
        Some(hash) => verify_now(&password, &hash),
        None => {
            verify_now(&password, dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let hash = hash("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(hash)).await);
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        assert!(!verify("dealfund-no-such-user-placeholder".into(), None).await);
    }
}
