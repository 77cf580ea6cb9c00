//! Money: whole pence in an `i64`, never a float.

use std::fmt;

/// An amount of money in pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub i64);

/// The largest amount anyone may type: £1 billion.
const MAX_PENCE: i64 = 100_000_000_000;

impl Money {
    /// Parses an amount as people type it: `1234`, `1,234.50`, `£1234.5`.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let cleaned: String = input
            .trim()
            .trim_start_matches('£')
            .chars()
            .filter(|c| *c != ',' && *c != ' ')
            .collect();
        if cleaned.is_empty() {
            return Err("Enter an amount");
        }
        if cleaned.starts_with('-') {
            return Err("Amount must be £0 or more");
        }
        let (pounds, pence) = match cleaned.split_once('.') {
            Some((pounds, pence)) => (pounds, pence),
            None => (cleaned.as_str(), ""),
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if !digits(pounds)
            || !digits(pence)
            || (pounds.is_empty() && pence.is_empty())
            || pence.len() > 2
        {
            return Err("Enter an amount in pounds and pence, like 1,500 or 1500.50");
        }
        let pounds: i64 = if pounds.is_empty() {
            0
        } else {
            pounds.parse().map_err(|_| "Amount is too large")?
        };
        let pence: i64 = match pence.len() {
            0 => 0,
            1 => pence.parse::<i64>().unwrap_or(0) * 10,
            _ => pence.parse().unwrap_or(0),
        };
        let total = pounds
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence))
            .ok_or("Amount is too large")?;
        if total > MAX_PENCE {
            return Err("Amount is too large");
        }
        Ok(Money(total))
    }

    /// The amount as typed back into a form: `1234.50`, or `1234` for whole pounds.
    pub fn to_input(self) -> String {
        if self.0 % 100 == 0 {
            (self.0 / 100).to_string()
        } else {
            format!("{}.{:02}", self.0 / 100, self.0 % 100)
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format::money(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_as_people_type_them() {
        assert_eq!(Money::parse("1234"), Ok(Money(123_400)));
        assert_eq!(Money::parse("£1,234.5"), Ok(Money(123_450)));
        assert_eq!(Money::parse(" 0.07 "), Ok(Money(7)));
        assert_eq!(Money::parse(".5"), Ok(Money(50)));
    }

    #[test]
    fn nonsense_negative_and_sub_penny_amounts_are_refused() {
        assert!(Money::parse("").is_err());
        assert!(Money::parse("ten pounds").is_err());
        assert!(Money::parse("-5").is_err());
        assert!(Money::parse("1.234").is_err());
        assert!(Money::parse("99999999999999999999").is_err());
    }

    #[test]
    fn amounts_go_back_into_forms_without_noise() {
        assert_eq!(Money(150_000).to_input(), "1500");
        assert_eq!(Money(150_050).to_input(), "1500.50");
        assert_eq!(Money(150_050).to_string(), "£1,500.50");
    }
}
