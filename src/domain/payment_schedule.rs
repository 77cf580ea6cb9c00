//! Payment schedules: how an award is split into tranches, and how the split is
//! kept whole when an officer changes one tranche.
//!
//! Every amount is whole pence; the tranches of a schedule always add up to the
//! award exactly, with any odd pennies going to the last tranche.

use chrono::{Months, NaiveDate};

/// A round's rules for paying its grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Grants up to this many pence are paid in one payment at the start.
    pub single_payment_max_pence: i64,
    /// For larger grants, the share paid up front, in percent (0–100).
    pub upfront_percent: i32,
    /// For larger grants, the months between later payments (at least 1).
    pub interval_months: i32,
}

/// One tranche of a planned schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub due_date: NaiveDate,
    pub amount_pence: i64,
}

/// The schedule of a grant of `amount_pence` for a project from `start` to `end`.
///
/// Up to the single-payment maximum: one payment at the start. Otherwise the
/// up-front share at the start, then equal tranches every interval until the
/// end date; a project shorter than one interval still gets one later tranche,
/// due at its end date, so that not everything is paid before any work is done.
pub fn plan(amount_pence: i64, start: NaiveDate, end: NaiveDate, rules: &Rules) -> Vec<Planned> {
    if amount_pence <= rules.single_payment_max_pence {
        return vec![Planned {
            due_date: start,
            amount_pence,
        }];
    }
    let percent = i64::from(rules.upfront_percent.clamp(0, 100));
    // Rounded down: the half-penny the division drops joins the later tranches.
    let upfront = amount_pence * percent / 100;
    let interval = u32::try_from(rules.interval_months.max(1)).unwrap_or(1);
    let mut dates = Vec::new();
    let mut k = 1u32;
    while let Some(date) = start.checked_add_months(Months::new(interval.saturating_mul(k))) {
        if date > end {
            break;
        }
        dates.push(date);
        k += 1;
    }
    if dates.is_empty() {
        dates.push(end.max(start));
    }
    let rest = amount_pence - upfront;
    let count = dates.len() as i64;
    let each = rest / count;
    let mut tranches = vec![Planned {
        due_date: start,
        amount_pence: upfront,
    }];
    for (i, due_date) in dates.into_iter().enumerate() {
        let last = i as i64 == count - 1;
        tranches.push(Planned {
            due_date,
            amount_pence: if last {
                rest - each * (count - 1)
            } else {
                each
            },
        });
    }
    tranches
}

/// A tranche as re-balancing sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub id: i32,
    pub amount_pence: i64,
    /// Only scheduled tranches may change.
    pub scheduled: bool,
}

/// Why a change of amount cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebalanceError {
    /// The tranche being changed is no longer scheduled.
    NotScheduled,
    /// The new amount is under 1p.
    TooSmall,
    /// The amount changes but no tranche was chosen to take the difference.
    NoTaker,
    /// The chosen tranche is the one being changed, not in the schedule, or not scheduled.
    BadTaker,
    /// The chosen tranche would drop under 1p.
    TakerTooSmall,
}

impl RebalanceError {
    /// The message shown beside the field.
    pub fn message(self) -> &'static str {
        match self {
            RebalanceError::NotScheduled => {
                "This payment is no longer scheduled, so its amount cannot change"
            }
            RebalanceError::TooSmall => "Amount must be at least £0.01",
            RebalanceError::NoTaker => {
                "Choose another scheduled payment to take the difference, so the payments still add up to the award"
            }
            RebalanceError::BadTaker => {
                "Choose another payment that is still scheduled to take the difference"
            }
            RebalanceError::TakerTooSmall => {
                "The payment you chose is too small to give up that much: it must stay at least £0.01"
            }
        }
    }
}

/// The new amounts when tranche `edited` becomes `new_amount` and `taker` absorbs
/// the difference: `(id, amount)` pairs for the tranches that change. The total
/// of the schedule is unchanged.
pub fn rebalance(
    slots: &[Slot],
    edited: i32,
    new_amount: i64,
    taker: Option<i32>,
) -> Result<Vec<(i32, i64)>, RebalanceError> {
    let this = slots
        .iter()
        .find(|s| s.id == edited)
        .filter(|s| s.scheduled)
        .ok_or(RebalanceError::NotScheduled)?;
    if new_amount < 1 {
        return Err(RebalanceError::TooSmall);
    }
    if new_amount == this.amount_pence {
        return Ok(Vec::new());
    }
    let taker_id = taker.ok_or(RebalanceError::NoTaker)?;
    let other = slots
        .iter()
        .find(|s| s.id == taker_id && s.id != edited && s.scheduled)
        .ok_or(RebalanceError::BadTaker)?;
    let difference = this.amount_pence - new_amount;
    let taker_amount = other
        .amount_pence
        .checked_add(difference)
        .ok_or(RebalanceError::TakerTooSmall)?;
    if taker_amount < 1 {
        return Err(RebalanceError::TakerTooSmall);
    }
    Ok(vec![(edited, new_amount), (taker_id, taker_amount)])
}

/// Where a tranche is. The stored type lives with the table; its rules live here.
pub use entity::payment_tranche::Status as TrancheStatus;

/// What a tranche's status means: its stored value, its words and its colour.
pub trait TrancheStatusRules: Copy {
    /// The stored value.
    fn as_str(self) -> &'static str;
    /// Reads a status typed into a form or an address; `None` for anything else.
    fn parse(value: &str) -> Option<Self>;
    /// The status in words.
    fn label(self) -> &'static str;
    /// The colour of its tag.
    fn tag(self) -> &'static str;
}

impl TrancheStatusRules for TrancheStatus {
    fn as_str(self) -> &'static str {
        match self {
            TrancheStatus::Scheduled => "scheduled",
            TrancheStatus::Paid => "paid",
            TrancheStatus::Withheld => "withheld",
            TrancheStatus::Cancelled => "cancelled",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        [
            TrancheStatus::Scheduled,
            TrancheStatus::Paid,
            TrancheStatus::Withheld,
            TrancheStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }

    fn label(self) -> &'static str {
        match self {
            TrancheStatus::Scheduled => "Scheduled",
            TrancheStatus::Paid => "Paid",
            TrancheStatus::Withheld => "Withheld",
            TrancheStatus::Cancelled => "Cancelled",
        }
    }

    fn tag(self) -> &'static str {
        match self {
            TrancheStatus::Scheduled => "tag--blue",
            TrancheStatus::Paid => "tag--green",
            TrancheStatus::Withheld => "tag--yellow",
            TrancheStatus::Cancelled => "tag--grey",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const RULES: Rules = Rules {
        single_payment_max_pence: 200_000,
        upfront_percent: 50,
        interval_months: 6,
    };

    fn total(plan: &[Planned]) -> i64 {
        plan.iter().map(|p| p.amount_pence).sum()
    }

    #[test]
    fn tranche_statuses_round_trip_through_their_stored_values() {
        for s in ["scheduled", "paid", "withheld", "cancelled"] {
            assert_eq!(TrancheStatus::parse(s).map(TrancheStatus::as_str), Some(s));
        }
        assert_eq!(TrancheStatus::parse("lost"), None);
    }

    #[test]
    fn a_grant_up_to_the_single_payment_maximum_is_paid_once_at_the_start() {
        let planned = plan(200_000, day(2026, 4, 1), day(2027, 3, 31), &RULES);
        assert_eq!(
            planned,
            [Planned {
                due_date: day(2026, 4, 1),
                amount_pence: 200_000
            }]
        );
    }

    #[test]
    fn ten_thousand_pounds_and_a_penny_over_eighteen_months_is_three_tranches_adding_up() {
        // Half up front is 500,000.5p, rounded down to 500,000p; the other
        // 500,001p splits into 250,000p and 250,001p, the odd penny last.
        let planned = plan(1_000_001, day(2026, 1, 31), day(2027, 7, 30), &RULES);
        assert_eq!(
            planned,
            [
                Planned {
                    due_date: day(2026, 1, 31),
                    amount_pence: 500_000
                },
                Planned {
                    due_date: day(2026, 7, 31),
                    amount_pence: 250_000
                },
                Planned {
                    due_date: day(2027, 1, 31),
                    amount_pence: 250_001
                },
            ]
        );
        assert_eq!(total(&planned), 1_000_001);
    }

    #[test]
    fn a_project_shorter_than_one_interval_still_gets_a_later_tranche_at_its_end() {
        let planned = plan(300_000, day(2026, 4, 1), day(2026, 8, 31), &RULES);
        assert_eq!(planned.len(), 2);
        assert_eq!(planned[1].due_date, day(2026, 8, 31));
        assert_eq!(total(&planned), 300_000);
    }

    #[test]
    fn month_ends_are_kept_within_the_month() {
        let planned = plan(500_000, day(2026, 8, 31), day(2027, 9, 1), &RULES);
        let dates: Vec<_> = planned.iter().map(|p| p.due_date).collect();
        assert_eq!(
            dates,
            [day(2026, 8, 31), day(2027, 2, 28), day(2027, 8, 31)]
        );
    }

    #[test]
    fn awkward_amounts_always_add_up_exactly_with_pennies_last() {
        let rules = Rules {
            single_payment_max_pence: 100,
            upfront_percent: 33,
            interval_months: 1,
        };
        for amount in [101, 199, 1_000_001, 7_777_777, 99_999_999_999, 123_457] {
            let planned = plan(amount, day(2026, 1, 15), day(2026, 12, 15), &rules);
            assert_eq!(total(&planned), amount, "{amount}");
            assert_eq!(planned.len(), 12, "{amount}");
            let later: Vec<i64> = planned[1..].iter().map(|p| p.amount_pence).collect();
            let first = later[0];
            assert!(later[..later.len() - 1].iter().all(|a| *a == first));
            assert!(later[later.len() - 1] >= first);
        }
    }

    fn slots() -> Vec<Slot> {
        vec![
            Slot {
                id: 1,
                amount_pence: 500_000,
                scheduled: false,
            },
            Slot {
                id: 2,
                amount_pence: 250_000,
                scheduled: true,
            },
            Slot {
                id: 3,
                amount_pence: 250_001,
                scheduled: true,
            },
        ]
    }

    #[test]
    fn changing_an_amount_moves_the_difference_to_the_chosen_tranche() {
        let changed = rebalance(&slots(), 2, 200_000, Some(3)).unwrap();
        assert_eq!(changed, [(2, 200_000), (3, 300_001)]);
        let changed = rebalance(&slots(), 3, 500_000, Some(2)).unwrap();
        assert_eq!(changed, [(3, 500_000), (2, 1)]);
        assert_eq!(rebalance(&slots(), 2, 250_000, None), Ok(vec![]));
    }

    #[test]
    fn a_change_nobody_can_take_is_refused() {
        let s = slots();
        assert_eq!(
            rebalance(&s, 2, 200_000, None),
            Err(RebalanceError::NoTaker)
        );
        assert_eq!(
            rebalance(&s, 2, 200_000, Some(1)),
            Err(RebalanceError::BadTaker),
            "a paid tranche cannot take it"
        );
        assert_eq!(
            rebalance(&s, 2, 200_000, Some(2)),
            Err(RebalanceError::BadTaker)
        );
        assert_eq!(
            rebalance(&s, 3, 500_001, Some(2)),
            Err(RebalanceError::TakerTooSmall)
        );
        assert_eq!(rebalance(&s, 2, 0, Some(3)), Err(RebalanceError::TooSmall));
        assert_eq!(
            rebalance(&s, 1, 1, Some(3)),
            Err(RebalanceError::NotScheduled)
        );
    }
}
