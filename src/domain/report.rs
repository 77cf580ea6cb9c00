//! Monitoring reports: when an award owes them, where each one is, and when it is late.
//!
//! ```text
//! due ──submit──▶ submitted ──accept──▶ accepted
//!                   ▲    │
//!                   │    └──request changes──▶ changes_requested
//!                   └──────────submit───────────────┘
//! ```
//!
//! Overdue is never stored: it is a due or changes-requested report whose due date
//! is before today in the council's time zone.

use chrono::{DateTime, Months, NaiveDate, Utc};
use chrono_tz::Tz;

/// Where a report is. The stored type lives with the table; its rules live here.
pub use entity::monitoring_report::Status as ReportStatus;

/// Every report status.
pub const ALL: &[ReportStatus] = &[
    ReportStatus::Due,
    ReportStatus::Submitted,
    ReportStatus::Accepted,
    ReportStatus::ChangesRequested,
];

/// The statuses in which the applicant still owes the council something.
pub const OPEN: &[ReportStatus] = &[ReportStatus::Due, ReportStatus::ChangesRequested];

/// What a report's status means: its stored value, its words, and whether it is editable.
pub trait ReportStatusRules: Copy {
    /// The stored value.
    fn as_str(self) -> &'static str;
    /// Reads a status typed into a form or an address; `None` for anything else.
    fn parse(value: &str) -> Option<Self>;
    /// The status in words.
    fn label(self) -> &'static str;
    /// True while the applicant may edit the report.
    fn editable(self) -> bool;
}

impl ReportStatusRules for ReportStatus {
    fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Due => "due",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Accepted => "accepted",
            ReportStatus::ChangesRequested => "changes_requested",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        ALL.iter().copied().find(|s| s.as_str() == value)
    }

    fn label(self) -> &'static str {
        match self {
            ReportStatus::Due => "Due",
            ReportStatus::Submitted => "Submitted",
            ReportStatus::Accepted => "Accepted",
            ReportStatus::ChangesRequested => "Changes requested",
        }
    }

    fn editable(self) -> bool {
        OPEN.contains(&self)
    }
}

/// Something that moves a report on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportEvent {
    Submit,
    Accept,
    RequestChanges,
}

/// Where `event` takes a report in `from`, or `None` when it cannot happen.
pub fn next(from: ReportStatus, event: ReportEvent) -> Option<ReportStatus> {
    use ReportEvent as E;
    use ReportStatus as S;
    Some(match (from, event) {
        (S::Due | S::ChangesRequested, E::Submit) => S::Submitted,
        (S::Submitted, E::Accept) => S::Accepted,
        (S::Submitted, E::RequestChanges) => S::ChangesRequested,
        _ => return None,
    })
}

/// True when a report in `status`, due on `due`, is late on `today`.
pub fn is_overdue(status: ReportStatus, due: NaiveDate, today: NaiveDate) -> bool {
    status.editable() && due < today
}

/// The status as people read it: "Overdue" wins over the stored status when it applies.
pub fn label(status: ReportStatus, due: NaiveDate, today: NaiveDate) -> &'static str {
    if is_overdue(status, due, today) {
        match status {
            ReportStatus::ChangesRequested => "Changes requested (overdue)",
            _ => "Overdue",
        }
    } else {
        status.label()
    }
}

/// Today's date where the council is: a report due today is not late until tomorrow there.
pub fn today(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// The round's rules for monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleRules {
    /// Grants up to this owe only a final report.
    pub single_payment_max_pence: i64,
    /// Larger grants report every this many months from the start.
    pub interval_months: i32,
}

/// One report the schedule asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    /// From 1, in due-date order.
    pub position: i32,
    pub is_final: bool,
    pub due_date: NaiveDate,
}

fn plus_months(date: NaiveDate, months: u32) -> NaiveDate {
    // chrono clamps to the month's last day (31 Jan + 1 month = 28/29 Feb), and only
    // fails beyond the year 262,143: keep the date rather than lose the report.
    date.checked_add_months(Months::new(months)).unwrap_or(date)
}

/// The reports an award of `amount_pence` owes for a project from `start` to `end`.
///
/// A small grant (up to the single-payment maximum) owes one final report a month
/// after the end. A larger one owes a report every `interval_months` from the start
/// while that falls before the end, then the final report a month after the end.
pub fn schedule(
    amount_pence: i64,
    rules: ScheduleRules,
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<Planned> {
    let mut dates = Vec::new();
    if amount_pence > rules.single_payment_max_pence {
        // A zero or negative interval would never move on: treat it as the default six.
        let step = u32::try_from(rules.interval_months)
            .ok()
            .filter(|m| *m > 0)
            .unwrap_or(6);
        let mut k = 1;
        loop {
            let due = plus_months(start, step * k);
            if due >= end || k > 120 {
                break;
            }
            dates.push(due);
            k += 1;
        }
    }
    let mut planned: Vec<Planned> = dates
        .into_iter()
        .map(|due_date| Planned {
            position: 0,
            is_final: false,
            due_date,
        })
        .collect();
    planned.push(Planned {
        position: 0,
        is_final: true,
        due_date: plus_months(end.max(start), 1),
    });
    for (i, p) in planned.iter_mut().enumerate() {
        p.position = i as i32 + 1;
    }
    planned
}

/// The project's dates for scheduling: missing dates start on the day of acceptance
/// and run for twelve months, which is how long a small grant lasts.
pub fn project_dates(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    accepted_on: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let start = start.unwrap_or(accepted_on);
    let end = end
        .filter(|e| *e >= start)
        .unwrap_or_else(|| plus_months(start, 12));
    (start, end)
}

/// A report's name in words: "Report 2" or "Final report".
pub fn name(position: i32, is_final: bool) -> String {
    if is_final {
        "Final report".to_owned()
    } else {
        format!("Report {position}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const RULES: ScheduleRules = ScheduleRules {
        single_payment_max_pence: 200_000,
        interval_months: 6,
    };

    #[test]
    fn statuses_round_trip_through_their_stored_values() {
        for status in ALL {
            assert_eq!(ReportStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(ReportStatus::parse("lost"), None);
    }

    #[test]
    fn the_report_machine_allows_exactly_the_designed_moves() {
        use ReportEvent as E;
        use ReportStatus as S;
        assert_eq!(next(S::Due, E::Submit), Some(S::Submitted));
        assert_eq!(next(S::ChangesRequested, E::Submit), Some(S::Submitted));
        assert_eq!(next(S::Submitted, E::Accept), Some(S::Accepted));
        assert_eq!(
            next(S::Submitted, E::RequestChanges),
            Some(S::ChangesRequested)
        );
        assert_eq!(next(S::Due, E::Accept), None, "nothing to accept yet");
        assert_eq!(next(S::Accepted, E::Accept), None, "no second acceptance");
        assert_eq!(next(S::Submitted, E::Submit), None);
        assert_eq!(next(S::Accepted, E::Submit), None, "accepted is final");
        assert_eq!(next(S::Accepted, E::RequestChanges), None);
        assert_eq!(next(S::ChangesRequested, E::Accept), None);
    }

    #[test]
    fn a_small_grant_owes_one_final_report_a_month_after_the_end() {
        let plan = schedule(200_000, RULES, d(2026, 4, 1), d(2027, 3, 31));
        assert_eq!(
            plan,
            [Planned {
                position: 1,
                is_final: true,
                due_date: d(2027, 4, 30)
            }]
        );
    }

    #[test]
    fn a_larger_grant_reports_every_interval_before_the_end_and_then_finally() {
        let plan = schedule(200_001, RULES, d(2026, 1, 15), d(2027, 7, 15));
        let dates: Vec<_> = plan
            .iter()
            .map(|p| (p.position, p.is_final, p.due_date))
            .collect();
        assert_eq!(
            dates,
            [
                (1, false, d(2026, 7, 15)),
                (2, false, d(2027, 1, 15)),
                (3, true, d(2027, 8, 15)),
            ],
            "a report falling on the end date is the final one's job"
        );
        let quarterly = ScheduleRules {
            interval_months: 3,
            ..RULES
        };
        assert_eq!(
            schedule(500_000, quarterly, d(2026, 1, 1), d(2026, 12, 31)).len(),
            4
        );
    }

    #[test]
    fn a_bad_interval_or_short_project_still_gives_a_final_report() {
        let broken = ScheduleRules {
            interval_months: 0,
            ..RULES
        };
        assert_eq!(
            schedule(900_000, broken, d(2026, 1, 1), d(2026, 12, 31)).len(),
            2
        );
        let short = schedule(900_000, RULES, d(2026, 1, 1), d(2026, 3, 1));
        assert_eq!(short.len(), 1);
        assert!(short[0].is_final);
    }

    #[test]
    fn missing_project_dates_run_twelve_months_from_acceptance() {
        assert_eq!(
            project_dates(None, None, d(2026, 2, 10)),
            (d(2026, 2, 10), d(2027, 2, 10))
        );
        assert_eq!(
            project_dates(Some(d(2026, 5, 1)), None, d(2026, 2, 10)),
            (d(2026, 5, 1), d(2027, 5, 1))
        );
    }

    #[test]
    fn only_open_reports_past_their_due_date_are_overdue() {
        let due = d(2026, 6, 1);
        assert!(
            !is_overdue(ReportStatus::Due, due, d(2026, 6, 1)),
            "due today is not late"
        );
        assert!(is_overdue(ReportStatus::Due, due, d(2026, 6, 2)));
        assert!(is_overdue(
            ReportStatus::ChangesRequested,
            due,
            d(2026, 6, 2)
        ));
        assert!(!is_overdue(ReportStatus::Submitted, due, d(2026, 9, 1)));
        assert!(!is_overdue(ReportStatus::Accepted, due, d(2026, 9, 1)));
        assert_eq!(label(ReportStatus::Due, due, d(2026, 6, 2)), "Overdue");
    }

    #[test]
    fn today_is_the_council_s_date_not_utc() {
        let late_evening = DateTime::parse_from_rfc3339("2026-06-01T23:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            today(late_evening, chrono_tz::Europe::London),
            d(2026, 6, 2)
        );
    }
}
