//! Date-times entered and shown in the council's time zone, stored in UTC.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Parses a date (`YYYY-MM-DD`) and a time (`HH:MM`) typed in the council's zone.
pub fn parse_local(date: &str, time: &str, tz: Tz) -> Result<DateTime<Utc>, &'static str> {
    let date = date.trim();
    let time = time.trim();
    if date.is_empty() {
        return Err("Enter a date");
    }
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(date, "%d/%m/%Y"))
        .map_err(|_| "Enter a real date, like 2026-03-31")?;
    let time = if time.is_empty() {
        NaiveTime::MIN
    } else {
        NaiveTime::parse_from_str(time, "%H:%M")
            .map_err(|_| "Enter a time on the 24-hour clock, like 17:00")?
    };
    match tz.from_local_datetime(&NaiveDateTime::new(date, time)) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        // When the clocks go back the hour happens twice: take the first.
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => {
            Err("That time does not exist on that day because the clocks go forward")
        }
    }
}

/// The date part, as an `<input type="date">` wants it.
pub fn date_input(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

/// The time part, as an `<input type="time">` wants it.
pub fn time_input(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// "in 3 days", "in 5 hours", "in 20 minutes", or "3 days ago".
pub fn in_words(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let seconds = (to - from).num_seconds();
    let (future, seconds) = (seconds >= 0, seconds.abs());
    // Rounded to the nearest unit: a deadline 2 days 23 hours away is "in 3 days".
    let (n, unit) = if seconds >= 2 * 86_400 - 1_800 {
        ((seconds + 43_200) / 86_400, "day")
    } else if seconds >= 2 * 3_600 - 30 {
        ((seconds + 1_800) / 3_600, "hour")
    } else {
        (((seconds + 30) / 60).max(1), "minute")
    };
    let plural = if n == 1 { "" } else { "s" };
    if future {
        format!("in {n} {unit}{plural}")
    } else {
        format!("{n} {unit}{plural} ago")
    }
}

/// How many calendar months a project from `start` to `end` spans, a part month counting
/// as one: 1 April to 31 March is 12, 1 April to 1 April the next year is 12, and
/// 1 April to 2 April the next year is 13. The application form checks the longest
/// project against it and the open data publishes it.
pub fn months_spanned(start: NaiveDate, end: NaiveDate) -> i64 {
    let months = i64::from(end.year() - start.year()) * 12 + i64::from(end.month())
        - i64::from(start.month());
    if end.day() > start.day() {
        months + 1
    } else {
        months
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    #[test]
    fn local_times_are_stored_in_utc() {
        let summer = parse_local("2026-07-01", "17:00", London).unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T16:00:00+00:00");
        let winter = parse_local("01/12/2026", "17:00", London).unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-01T17:00:00+00:00");
        assert_eq!(
            (date_input(summer, London), time_input(summer, London)),
            ("2026-07-01".into(), "17:00".into())
        );
    }

    #[test]
    fn times_the_clocks_skip_are_refused_and_repeated_ones_take_the_first() {
        assert!(parse_local("2026-03-29", "01:30", London).is_err());
        let repeated = parse_local("2026-10-25", "01:30", London).unwrap();
        assert_eq!(repeated.to_rfc3339(), "2026-10-25T00:30:00+00:00");
        assert!(parse_local("2026-02-30", "10:00", London).is_err());
        assert!(parse_local("2026-02-10", "25:00", London).is_err());
    }

    #[test]
    fn time_left_is_said_in_words() {
        let now = parse_local("2026-01-01", "12:00", London).unwrap();
        assert_eq!(in_words(now, now + chrono::Duration::days(3)), "in 3 days");
        assert_eq!(
            in_words(now, now + chrono::Duration::hours(5)),
            "in 5 hours"
        );
        assert_eq!(
            in_words(now, now + chrono::Duration::minutes(1)),
            "in 1 minute"
        );
        assert_eq!(in_words(now, now - chrono::Duration::days(2)), "2 days ago");
        let almost = now + chrono::Duration::days(3) - chrono::Duration::seconds(5);
        assert_eq!(in_words(now, almost), "in 3 days");
    }
}
