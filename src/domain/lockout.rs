//! When failed sign-ins lock an account: a pure replay of the failures, so that an
//! address with no account can be locked exactly as an account would be, and the
//! answer to "is it locked?" never says whether the account exists.

use chrono::{DateTime, Duration, Utc};

/// Replays failures (oldest first) by the accounts' rule: every `max` failures in a
/// row lock for `period`, and failures while locked do not count. Returns the end of
/// the last lock, if any (it may be over already).
pub fn locked_until(
    failures: &[DateTime<Utc>],
    max: usize,
    period: Duration,
) -> Option<DateTime<Utc>> {
    let mut count = 0;
    let mut until: Option<DateTime<Utc>> = None;
    for at in failures {
        if until.is_some_and(|u| *at < u) {
            continue;
        }
        count += 1;
        if count >= max {
            until = Some(*at + period);
            count = 0;
        }
    }
    until
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn the_fifth_failure_in_a_row_locks_for_the_period() {
        let period = Duration::minutes(15);
        assert_eq!(locked_until(&[at(0), at(1), at(2), at(3)], 5, period), None);
        assert_eq!(
            locked_until(&[at(0), at(1), at(2), at(3), at(4)], 5, period),
            Some(at(19))
        );
    }

    #[test]
    fn failures_while_locked_do_not_count_and_five_more_lock_again() {
        let period = Duration::minutes(15);
        let mut failures = vec![at(0), at(0), at(0), at(0), at(0), at(5), at(10)];
        assert_eq!(locked_until(&failures, 5, period), Some(at(15)));
        failures.extend([at(20), at(21), at(22), at(23)]);
        assert_eq!(locked_until(&failures, 5, period), Some(at(15)));
        failures.push(at(24));
        assert_eq!(locked_until(&failures, 5, period), Some(at(39)));
    }
}
