//! How values read to people: money, counts, dates, date-times in the council's
//! time zone, an application's key and role names.
//!
//! The bottom layer: it depends on nothing of the app, so the domain, services,
//! messages and pages can all share one way of writing each value.

pub mod spreadsheet;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::application;
use entity::user::Role;

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Pence as pounds: `£1,234.56`.
pub fn money(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    format!("{sign}£{}.{:02}", grouped(pence / 100), pence % 100)
}

/// A whole number with thousands separators: `12,345`.
pub fn count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(n.unsigned_abs()))
}

/// A size in bytes as people read it: `2 MB`, `64 KB`, `900 bytes` (in units of 1,024).
pub fn file_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    if bytes >= KIB * KIB && bytes % (KIB * KIB) == 0 {
        format!("{} MB", bytes / (KIB * KIB))
    } else if bytes >= KIB * KIB {
        format!("{:.1} MB", bytes as f64 / (KIB * KIB) as f64)
    } else if bytes >= KIB {
        format!("{} KB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A calendar date in words: `1 April 2026`.
pub fn date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// A UTC time for people in the council's time zone: `1 July 2026, 12:00`.
pub fn datetime(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%-d %B %Y, %H:%M").to_string()
}

/// The key in an application's web address: its reference once it has one.
pub fn application_key(app: &application::Model) -> String {
    app.reference
        .clone()
        .unwrap_or_else(|| format!("draft-{}", app.id))
}

/// A role's name, as stored in settings and shown on pages.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Applicant => "applicant",
        Role::Panel => "panel",
        Role::Officer => "officer",
        Role::Admin => "admin",
    }
}

/// One line naming what changed, for the audit log: `title "A" → "B"; code X → Y`.
/// Long text is only said to have changed, so the log stays readable.
pub fn changes(fields: &[(&str, &str, &str)]) -> String {
    let changed: Vec<String> = fields
        .iter()
        .filter(|(_, old, new)| old != new)
        .map(|(name, old, new)| {
            if old.chars().count() > 60 || new.chars().count() > 60 {
                format!("{name} changed")
            } else {
                format!("{name} \"{old}\" → \"{new}\"")
            }
        })
        .collect();
    if changed.is_empty() {
        "no change".to_owned()
    } else {
        changed.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_shown_in_pounds_with_thousands_separated() {
        assert_eq!(money(123_456), "£1,234.56");
        assert_eq!(money(5), "£0.05");
        assert_eq!(money(100_000_000), "£1,000,000.00");
        assert_eq!(money(-250), "-£2.50");
    }

    #[test]
    fn counts_have_thousands_separated() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(-1_000), "-1,000");
    }

    #[test]
    fn dates_are_written_in_words() {
        let day = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        assert_eq!(date(day), "1 April 2026");
    }

    #[test]
    fn times_are_shown_in_the_councils_zone() {
        let summer = DateTime::parse_from_rfc3339("2026-07-01T11:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            datetime(summer, chrono_tz::Europe::London),
            "1 July 2026, 12:00"
        );
        let winter = DateTime::parse_from_rfc3339("2026-12-01T11:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            datetime(winter, chrono_tz::Europe::London),
            "1 December 2026, 11:00"
        );
    }

    #[test]
    fn changes_name_only_the_fields_that_changed() {
        assert_eq!(
            changes(&[("name", "Abbey", "Abbey Fields"), ("code", "E05", "E05")]),
            "name \"Abbey\" → \"Abbey Fields\""
        );
        assert_eq!(changes(&[("name", "a", "a")]), "no change");
        let long = "x".repeat(61);
        assert_eq!(changes(&[("body", "short", &long)]), "body changed");
    }
}
