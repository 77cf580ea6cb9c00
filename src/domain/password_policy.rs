//! What makes a password acceptable. Length matters most (NCSC and NIST guidance),
//! so there are no composition rules; the commonest passwords are refused outright.

/// The fewest characters a password may have.
pub const MIN_LENGTH: usize = 10;
/// The most characters a password may have (hashing very long input wastes time).
pub const MAX_LENGTH: usize = 200;

/// Passwords of ten or more characters that appear near the top of breach lists.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "0123456789",
    "0987654321",
    "1111111111",
    "1234512345",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "qwertyuiop",
    "qwertyuiop1",
    "qwerty12345",
    "qwerty123456",
    "asdfghjkl1",
    "zxcvbnm123",
    "password12",
    "password123",
    "password1234",
    "password!1",
    "passw0rd123",
    "iloveyou12",
    "iloveyou123",
    "abcdefghij",
    "abcd123456",
    "abc1234567",
    "1234567890a",
    "aaaaaaaaaa",
    "letmein123",
    "welcome123",
    "welcome1234",
    "football123",
    "liverpool1",
    "liverpool123",
    "manchester",
    "manchester1",
    "chelsea123",
    "arsenal123",
    "sunshine12",
    "princess12",
    "superman12",
    "batman1234",
    "monkey1234",
    "dragon1234",
    "starwars12",
    "trustno1234",
    "changeme123",
    "changeme12",
    "administrator",
    "administrator1",
    "admin12345",
    "admin123456",
    "qazwsxedc1",
    "michael123",
    "charlie123",
    "jennifer12",
    "whatever12",
    "computer12",
    "internet12",
    "baseball12",
    "pokemon123",
    "basketball",
    "basketball1",
    "footballer",
    "password2024",
    "password2025",
    "password2026",
    "summer2024",
    "summer2025",
    "summer2026",
    "winter2025",
    "winter2026",
    "spring2026",
    "autumn2026",
    "community1",
    "community123",
    "councillor",
    "grantfund1",
    "dealfund123",
    "demo-password",
];

/// Checks a new password; the error is the message shown beside the field.
pub fn check(password: &str, email: &str) -> Result<(), &'static str> {
    let length = password.chars().count();
    if length == 0 {
        return Err("Enter a password");
    }
    if length < MIN_LENGTH {
        return Err("Password must be 10 characters or more");
    }
    if length > MAX_LENGTH {
        return Err("Password must be 200 characters or fewer");
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local_part = email.split('@').next().unwrap_or_default();
    if lower == email || (!local_part.is_empty() && lower == local_part) {
        return Err("Password must not be your email address");
    }
    let mut chars = lower.chars();
    let first = chars.next();
    if COMMON.contains(&lower.as_str()) || chars.all(|c| Some(c) == first) {
        return Err("Password is too common: choose a longer phrase that is hard to guess");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_uncommon_password_is_accepted() {
        assert_eq!(check("river lantern cobbles", "jo@example.org"), Ok(()));
    }

    #[test]
    fn short_email_and_common_passwords_are_refused() {
        assert_eq!(check("", "jo@example.org"), Err("Enter a password"));
        assert_eq!(
            check("short", "jo@example.org"),
            Err("Password must be 10 characters or more")
        );
        assert_eq!(
            check("Jo.Bloggs@Example.org", "jo.bloggs@example.org"),
            Err("Password must not be your email address")
        );
        assert!(check("Password123", "jo@example.org").is_err());
        assert!(check("zzzzzzzzzzzz", "jo@example.org").is_err());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(check("ééééé", "jo@example.org").is_err());
        assert_eq!(check("éàüöçñßøåæ", "jo@example.org"), Ok(()));
    }
}
