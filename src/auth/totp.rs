//! Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238): secrets, their
//! encryption at rest, checking a code, recovery codes and the set-up QR code.
//!
//! Secrets are sealed with AES-256-GCM under the configured two-factor key (never the
//! session key), bound to their user's id, so a secret copied onto another user's row
//! does not open.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use totp_rs::{Algorithm, TOTP};

/// Seconds per code.
pub const STEP_SECONDS: i64 = 30;
/// Digits in a code.
pub const DIGITS: usize = 6;
/// Recovery codes made at set-up.
pub const RECOVERY_CODES: usize = 10;

/// Encrypts and decrypts two-factor secrets with the configured key.
pub struct SecretBox {
    cipher: Aes256Gcm,
}

impl SecretBox {
    /// A box for this 32-byte key.
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256Gcm::new(key.into()),
        }
    }

    /// The secret, sealed for this user: a fresh nonce and the ciphertext, in base64.
    pub fn seal(&self, user_id: i32, secret: &[u8]) -> Option<String> {
        let nonce_bytes: [u8; 12] = rand::random();
        let aad = user_id.to_be_bytes();
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce_bytes),
                Payload {
                    msg: secret,
                    aad: &aad,
                },
            )
            .ok()?;
        let mut out = nonce_bytes.to_vec();
        out.extend(sealed);
        Some(STANDARD.encode(out))
    }

    /// The secret sealed for this user, or `None` when it was sealed with another key or
    /// for another user, or has been altered.
    pub fn open(&self, user_id: i32, sealed: &str) -> Option<Vec<u8>> {
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let aad = user_id.to_be_bytes();
        self.cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .ok()
    }
}

/// A new random secret of 160 bits, as RFC 4226 recommends.
pub fn new_secret() -> Vec<u8> {
    let bytes: [u8; 20] = rand::random();
    bytes.to_vec()
}

/// The secret as people type it into an authenticator app: base32, in groups of four.
pub fn secret_text(secret: &[u8]) -> String {
    let encoded = base32::encode(base32::Alphabet::Rfc4648 { padding: false }, secret);
    encoded
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn totp(secret: &[u8]) -> Option<TOTP> {
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECONDS as u64,
        secret.to_vec(),
    )
    .ok()
}

/// The code for a moment (Unix seconds): what an authenticator app shows then.
pub fn code_at(secret: &[u8], unix_seconds: i64) -> Option<String> {
    Some(totp(secret)?.generate(u64::try_from(unix_seconds).ok()?))
}

/// The 30-second step of a moment.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The step whose code this is, allowing one step either side for clocks that differ,
/// or `None` when it matches none. Spaces in what was typed are ignored.
pub fn matching_step(secret: &[u8], typed: &str, unix_seconds: i64) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_of(unix_seconds);
    let mut found = None;
    // Every candidate is compared, so the time taken does not say which one matched.
    for step in [now - 1, now, now + 1] {
        if let Some(code) = code_at(secret, step * STEP_SECONDS) {
            if constant_time_eq(code.as_bytes(), typed.as_bytes()) && found.is_none() {
                found = Some(step);
            }
        }
    }
    found
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `otpauth://` link an authenticator app reads from the QR code.
pub fn otpauth_url(issuer: &str, account: &str, secret: &[u8]) -> String {
    let encoded = base32::encode(base32::Alphabet::Rfc4648 { padding: false }, secret);
    let label: String =
        url::form_urlencoded::byte_serialize(format!("{issuer}:{account}").as_bytes()).collect();
    let issuer: String = url::form_urlencoded::byte_serialize(issuer.as_bytes()).collect();
    format!(
        "otpauth://totp/{label}?secret={encoded}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )
}

/// The QR code of a link, drawn as SVG on the server (no script needed to show it).
pub fn qr_svg(link: &str) -> Option<String> {
    let code = qrcode::QrCode::new(link.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Inside an HTML page the XML declaration has no place: keep the `<svg>` element.
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen("<svg", "<svg role=\"img\" aria-label=\"QR code\"", 1))
}

/// Ten new recovery codes, as shown to the user once: `xxxxx-xxxxx` from letters and
/// digits that cannot be mistaken for one another.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..10)
                .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// A recovery code as typed, made comparable: lower case, no spaces, the dash kept.
pub fn normalise_recovery_code(typed: &str) -> String {
    let plain: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if plain.len() == 10 {
        format!("{}-{}", &plain[..5], &plain[5..])
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_for_its_user() {
        let sealed_box = SecretBox::new(&[1; 32]);
        let sealed = sealed_box.seal(7, b"secret bytes").unwrap();
        assert_eq!(sealed_box.open(7, &sealed).unwrap(), b"secret bytes");
        assert!(sealed_box.open(8, &sealed).is_none(), "another user");
        assert!(
            SecretBox::new(&[2; 32]).open(7, &sealed).is_none(),
            "another key"
        );
        assert!(sealed_box.open(7, "not base64!").is_none());
    }

    #[test]
    fn codes_follow_rfc_6238() {
        // RFC 6238, appendix B: the SHA-1 secret and its codes (last six digits).
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59).unwrap(), "287082");
        assert_eq!(code_at(secret, 1111111109).unwrap(), "081804");
        assert_eq!(code_at(secret, 2000000000).unwrap(), "279037");
    }

    #[test]
    fn a_code_matches_its_step_and_one_either_side_only() {
        let secret = b"12345678901234567890";
        let code = code_at(secret, 1111111109).unwrap();
        let step = step_of(1111111109);
        assert_eq!(matching_step(secret, &code, 1111111109), Some(step));
        assert_eq!(matching_step(secret, &code, 1111111109 + 30), Some(step));
        assert_eq!(matching_step(secret, &code, 1111111109 + 90), None);
        assert_eq!(matching_step(secret, "12345", 1111111109), None);
        assert_eq!(
            matching_step(
                secret,
                &format!("{} {}", &code[..3], &code[3..]),
                1111111109
            ),
            Some(step)
        );
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), 10);
        let code = &codes[0];
        assert_eq!(
            normalise_recovery_code(&format!(" {} ", code.to_uppercase().replace('-', ""))),
            *code
        );
    }

    #[test]
    fn the_qr_code_is_svg_and_the_link_names_the_issuer() {
        let link = otpauth_url("Test Council", "jo@example.org", b"12345678901234567890");
        assert!(link.starts_with("otpauth://totp/Test+Council%3Ajo%40example.org?secret="));
        assert!(qr_svg(&link).unwrap().contains("<svg"));
    }
}
