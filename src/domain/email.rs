//! Email addresses, normalised once so that one person is one account.

use validator::ValidateEmail;

/// A syntactically valid email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses what someone typed, or says what is wrong with it.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter your email address");
        }
        if email.len() > 254 || !email.validate_email() {
            return Err("Enter an email address in the correct format, like name@example.org");
        }
        Ok(Self(email))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Jo.Bloggs@Example.ORG ").unwrap().as_str(),
            "jo.bloggs@example.org"
        );
    }

    #[test]
    fn a_blank_or_malformed_email_is_refused_with_a_message() {
        assert_eq!(Email::parse("  "), Err("Enter your email address"));
        assert!(Email::parse("jo.example.org").is_err());
        assert!(Email::parse("jo@").is_err());
    }
}
