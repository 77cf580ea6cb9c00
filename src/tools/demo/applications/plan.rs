//! Which group applies to which round, in what state, for how much: fixed, so
//! that every demo looks the same.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, Utc};
use entity::funding_round;

use super::big_ideas::BIG;
use super::projects::{Project, SMALL};
use crate::domain::application::Status;

/// What becomes of one demo application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    Draft,
    Submitted,
    Returned,
    Eligible,
    Ineligible,
    /// Withdrawn after it was submitted.
    Withdrawn,
    /// Withdrawn while still a draft: the council never saw it.
    WithdrawnDraft,
}

impl Fate {
    /// The status it is stored with.
    pub(super) fn status(self) -> Status {
        match self {
            Fate::Draft => Status::Draft,
            Fate::Submitted => Status::Submitted,
            Fate::Returned => Status::Returned,
            Fate::Eligible => Status::Eligible,
            Fate::Ineligible => Status::Ineligible,
            Fate::Withdrawn | Fate::WithdrawnDraft => Status::Withdrawn,
        }
    }

    /// True when the council received it (and so it has a reference).
    pub(super) fn was_submitted(self) -> bool {
        !matches!(self, Fate::Draft | Fate::WithdrawnDraft)
    }
}

use Fate::{
    Draft as D, Eligible as E, Ineligible as I, Returned as R, Submitted as S, Withdrawn as W,
    WithdrawnDraft as WD,
};

/// Small grants 2025 (decided): groups 0 to 15.
pub(super) const SMALL_2025: [Fate; 16] = [E, E, E, I, E, E, E, W, E, E, E, I, E, E, E, E];
/// Big ideas 2026 (in assessment): groups 26 to 39.
pub(super) const BIG_2026: [Fate; 14] = [E, E, E, I, E, E, W, E, I, E, E, I, E, E];
/// Small grants 2026 (open now): groups 0 to 29.
pub(super) const SMALL_2026: [Fate; 30] = [
    D, S, S, R, D, R, S, I, D, E, S, D, W, S, R, D, I, S, D, E, S, D, I, D, S, WD, D, S, D, S,
];

/// The rounds the demo applies to, by slug, in the order of the plans.
pub(super) const ROUNDS: [&str; 3] = ["small-grants-2025", "big-ideas-2026", "small-grants-2026"];

/// One demo application before it is written.
pub(super) struct Plan {
    pub(super) round: usize,
    pub(super) group: usize,
    pub(super) project: &'static Project,
    pub(super) fate: Fate,
    pub(super) title: String,
    pub(super) pounds: i64,
    pub(super) submitted_at: Option<DateTime<Utc>>,
    pub(super) reference: Option<String>,
}

/// A small grant: between £450 and £1,940, varied but fixed so every demo looks the same.
pub(super) fn small_pounds(group: usize, salt: i64) -> i64 {
    let g = i64::try_from(group).unwrap_or(0);
    let pounds = 450 + (g * 337 + salt * 191) % 1500;
    pounds - pounds % 10
}

/// A big idea: between £6,000 and £47,900.
pub(super) fn big_pounds(group: usize) -> i64 {
    let g = i64::try_from(group).unwrap_or(0);
    let pounds = 6_000 + (g * 6_133) % 42_000;
    pounds - pounds % 100
}

/// `n` days, for spacing demo dates.
pub(super) fn days(n: usize) -> Duration {
    Duration::days(i64::try_from(n).unwrap_or(0))
}

/// Up to seven hours, so that demo times are not all on the hour.
pub(super) fn hours(n: usize) -> Duration {
    Duration::hours(i64::try_from(n % 8).unwrap_or(0))
}

/// Every application, with its submission time; [`number`] gives the references.
pub(super) fn plans(rounds: &[funding_round::Model; 3]) -> Vec<Plan> {
    let mut plans = Vec::new();
    for (n, fate) in SMALL_2025.into_iter().enumerate() {
        plans.push(Plan {
            round: 0,
            group: n,
            project: &SMALL[n],
            fate,
            title: SMALL[n].title.to_owned(),
            pounds: small_pounds(n, 0),
            submitted_at: Some(rounds[0].opens_at + days(2 + 5 * n) + hours(n)),
            reference: None,
        });
    }
    for (n, fate) in BIG_2026.into_iter().enumerate() {
        plans.push(Plan {
            round: 1,
            group: 26 + n,
            project: &BIG[n],
            fate,
            title: BIG[n].title.to_owned(),
            pounds: big_pounds(26 + n),
            submitted_at: Some(rounds[1].opens_at + days(2 + 7 * n) + hours(n)),
            reference: None,
        });
    }
    let mut sent = 0;
    for (g, fate) in SMALL_2026.into_iter().enumerate() {
        let submitted_at = fate.was_submitted().then(|| {
            sent += 1;
            rounds[2].opens_at + days(sent) + hours(g)
        });
        // A group funded last year comes back for a second.
        let title = if SMALL_2025.get(g) == Some(&E) {
            format!("{}: second year", SMALL[g].title)
        } else {
            SMALL[g].title.to_owned()
        };
        plans.push(Plan {
            round: 2,
            group: g,
            project: &SMALL[g],
            fate,
            title,
            pounds: small_pounds(g, 1),
            submitted_at,
            reference: None,
        });
    }
    plans
}

/// References by year of submission, in order of submission, from 1 with no gaps.
/// Returns the last number used in each year.
pub(super) fn number(plans: &mut [Plan]) -> BTreeMap<i32, i32> {
    let mut order: Vec<(DateTime<Utc>, usize)> = plans
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.submitted_at.map(|at| (at, i)))
        .collect();
    order.sort();
    let mut last: BTreeMap<i32, i32> = BTreeMap::new();
    for (at, i) in order {
        let n = last.entry(at.year()).or_insert(0);
        *n += 1;
        plans[i].reference = Some(format!("DCF-{}-{:04}", at.year(), n));
    }
    last
}

/// Splits `pence` across the lines by their shares, in whole pounds; what is left
/// over goes on the first line, so the lines always add up to the amount asked for.
pub(super) fn split(pence: i64, lines: &[(&str, &str, i64)]) -> Vec<i64> {
    let shares: i64 = lines.iter().map(|l| l.2).sum::<i64>().max(1);
    let mut amounts: Vec<i64> = lines
        .iter()
        .map(|l| pence * l.2 / shares / 100 * 100)
        .collect();
    let rest = pence - amounts.iter().sum::<i64>();
    if let Some(first) = amounts.first_mut() {
        *first += rest;
    }
    amounts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_lines_add_up_to_the_amount_asked_for_in_whole_pounds_but_one() {
        let lines = [
            ("a", "staff", 55),
            ("b", "venue", 35),
            ("c", "publicity", 10),
        ];
        let amounts = split(123_400, &lines);
        assert_eq!(amounts.iter().sum::<i64>(), 123_400);
        assert!(amounts[1..].iter().all(|a| a % 100 == 0));
        assert_eq!(amounts.len(), 3);
    }

    #[test]
    fn amounts_fall_within_each_rounds_limits() {
        for g in 0..40 {
            for salt in 0..2 {
                assert!((250..=2_000).contains(&small_pounds(g, salt)));
            }
            assert!((2_001..=50_000).contains(&big_pounds(g)));
        }
    }

    #[test]
    fn every_project_has_two_to_five_budget_lines_from_the_fixed_list() {
        use crate::domain::application_budget::is_category;
        assert_eq!(SMALL.len(), 30);
        assert_eq!(BIG.len(), 14);
        for p in SMALL.iter().chain(BIG) {
            assert!((2..=5).contains(&p.lines.len()), "{}", p.title);
            assert!(p.lines.iter().all(|l| is_category(l.1)), "{}", p.title);
        }
    }
}
