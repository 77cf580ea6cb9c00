//! The windows typed dates must fall in, so that a slip (or a test of the system) such
//! as `9999-12-31` is refused beside its field, with the window it had to fall in,
//! instead of being stored, scheduled and emailed.

use chrono::{Days, Months, NaiveDate};

use crate::format;

/// The days a payment may fall before the project starts or after it ends: a first
/// payment is often made a little before the start, a last one after the final report.
pub const TRANCHE_MARGIN_MONTHS: u32 = 3;

/// How far ahead a date to resubmit by may be set when no setting says otherwise.
pub const DEFAULT_RESUBMIT_WEEKS: u32 = 12;

/// The most weeks the resubmission setting itself may say.
pub const MAX_RESUBMIT_WEEKS: u32 = 52;

/// How far back a round's opening may be typed (editing a round that has run) and
/// how far ahead it may be planned.
pub const ROUND_OPENS_YEARS_BACK: u32 = 5;
/// See [`ROUND_OPENS_YEARS_BACK`].
pub const ROUND_OPENS_YEARS_AHEAD: u32 = 3;
/// The longest a round may stay open.
pub const ROUND_OPEN_MONTHS: u32 = 24;

/// How far back and ahead a project may start, counted from today.
pub const PROJECT_START_YEARS_BACK: u32 = 1;
/// See [`PROJECT_START_YEARS_BACK`].
pub const PROJECT_START_YEARS_AHEAD: u32 = 3;

/// The earliest period a published report may cover.
pub const PUBLICATION_FROM_YEAR: i32 = 2000;
/// The longest period one published report may cover.
pub const PUBLICATION_MAX_YEARS: u32 = 10;

/// The first and last day a date may be, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
}

impl Window {
    /// True when `date` is in the window.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.earliest <= date && date <= self.latest
    }

    /// `Ok` in the window; otherwise a message: "{what} must be between … and …
    /// ({why})".
    pub fn check(&self, date: NaiveDate, what: &str, why: &str) -> Result<NaiveDate, String> {
        if self.contains(date) {
            Ok(date)
        } else {
            Err(format!(
                "{what} must be between {} and {}{}",
                format::date(self.earliest),
                format::date(self.latest),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(": {why}")
                }
            ))
        }
    }
}

fn minus_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

fn plus_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// A payment's due date: within the award's period (the project's start to its end),
/// give or take [`TRANCHE_MARGIN_MONTHS`].
pub fn tranche_due(period_start: NaiveDate, period_end: NaiveDate) -> Window {
    Window {
        earliest: minus_months(period_start, TRANCHE_MARGIN_MONTHS),
        latest: plus_months(period_end.max(period_start), TRANCHE_MARGIN_MONTHS),
    }
}

/// The date a payment was made: not in the future, and not long before the award was
/// made (a payment recorded late may have gone out a little early).
pub fn paid_on(award_made: NaiveDate, today: NaiveDate) -> Window {
    Window {
        earliest: minus_months(award_made.min(today), TRANCHE_MARGIN_MONTHS),
        latest: today,
    }
}

/// The date to resubmit by: after today, at most `weeks` weeks ahead.
pub fn resubmit_by(today: NaiveDate, weeks: u32) -> Window {
    let weeks = weeks.clamp(1, MAX_RESUBMIT_WEEKS);
    Window {
        earliest: today.checked_add_days(Days::new(1)).unwrap_or(today),
        latest: today
            .checked_add_days(Days::new(u64::from(weeks) * 7))
            .unwrap_or(NaiveDate::MAX),
    }
}

/// A round's opening day, around today.
pub fn round_opens(today: NaiveDate) -> Window {
    Window {
        earliest: minus_months(today, ROUND_OPENS_YEARS_BACK * 12),
        latest: plus_months(today, ROUND_OPENS_YEARS_AHEAD * 12),
    }
}

/// A round's closing day: on or after its opening day, within [`ROUND_OPEN_MONTHS`].
pub fn round_closes(opens: NaiveDate) -> Window {
    Window {
        earliest: opens,
        latest: plus_months(opens, ROUND_OPEN_MONTHS),
    }
}

/// A project's first day, around today.
pub fn project_start(today: NaiveDate) -> Window {
    Window {
        earliest: minus_months(today, PROJECT_START_YEARS_BACK * 12),
        latest: plus_months(today, PROJECT_START_YEARS_AHEAD * 12),
    }
}

/// The earliest first day of a published report's period.
pub fn publication_earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(PUBLICATION_FROM_YEAR, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The last day of a published report's period, from its first.
pub fn publication_end(start: NaiveDate) -> Window {
    Window {
        earliest: start,
        latest: plus_months(start, PUBLICATION_MAX_YEARS * 12),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_payment_falls_within_the_project_give_or_take_three_months() {
        let w = tranche_due(d(2027, 1, 1), d(2027, 12, 31));
        assert!(w.contains(d(2026, 10, 1)));
        assert!(w.contains(d(2028, 3, 31)));
        assert!(!w.contains(d(2026, 9, 30)));
        assert!(!w.contains(d(2028, 4, 1)));
        assert!(!w.contains(d(9999, 12, 31)));
        let message = w
            .check(
                d(9999, 12, 31),
                "The due date",
                "within three months of the project",
            )
            .unwrap_err();
        assert_eq!(
            message,
            "The due date must be between 1 October 2026 and 31 March 2028: within three months of the project"
        );
    }

    #[test]
    fn a_resubmission_date_is_after_today_and_within_the_set_weeks() {
        let today = d(2026, 12, 5);
        let w = resubmit_by(today, 12);
        assert!(!w.contains(today));
        assert!(w.contains(d(2026, 12, 6)));
        assert!(w.contains(d(2027, 2, 27)));
        assert!(!w.contains(d(2027, 2, 28)));
        assert!(!w.contains(d(9999, 12, 31)));
        assert_eq!(
            resubmit_by(today, 0).latest,
            d(2026, 12, 12),
            "at least a week"
        );
        assert_eq!(
            resubmit_by(today, 500),
            resubmit_by(today, MAX_RESUBMIT_WEEKS)
        );
    }

    #[test]
    fn a_payment_is_not_recorded_in_the_future_nor_long_before_the_award() {
        let w = paid_on(d(2026, 6, 1), d(2026, 12, 5));
        assert!(w.contains(d(2026, 3, 1)));
        assert!(!w.contains(d(2026, 2, 28)));
        assert!(!w.contains(d(2026, 12, 6)));
    }

    #[test]
    fn rounds_open_around_today_and_close_within_two_years_of_opening() {
        let today = d(2026, 12, 5);
        assert!(round_opens(today).contains(d(2022, 1, 1)));
        assert!(!round_opens(today).contains(d(1900, 1, 1)));
        assert!(!round_opens(today).contains(d(9999, 12, 31)));
        assert!(round_closes(d(2027, 1, 1)).contains(d(2028, 12, 31)));
        assert!(!round_closes(d(2027, 1, 1)).contains(d(2029, 1, 2)));
    }

    #[test]
    fn projects_start_near_today_and_reports_cover_real_periods() {
        let today = d(2026, 12, 5);
        assert!(project_start(today).contains(d(2027, 4, 1)));
        assert!(!project_start(today).contains(d(9999, 12, 31)));
        assert!(!project_start(today).contains(d(2020, 1, 1)));
        assert_eq!(publication_earliest(), d(2000, 1, 1));
        assert!(!publication_end(d(2026, 1, 1)).contains(d(9999, 12, 31)));
    }

    #[test]
    fn the_ends_of_the_calendar_do_not_overflow() {
        assert_eq!(
            tranche_due(NaiveDate::MAX, NaiveDate::MAX).latest,
            NaiveDate::MAX
        );
        assert_eq!(round_opens(NaiveDate::MIN).earliest, NaiveDate::MIN);
    }
}
