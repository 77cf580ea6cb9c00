//! Moderation maths: weighted scores, their spread, per-reviewer normalisation,
//! the ranking and the running total against a round's budget.
//!
//! Scores are `f64` (they are averages); money stays in `i64` pence throughout.
//!
//! Standard deviations here are **population** deviations (divide by `n`): the
//! reviews of an application are all the reviews there are, not a sample drawn
//! from a larger set, and with the usual two or three reviewers the sample
//! formula (divide by `n − 1`) swings wildly and is undefined for one review.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Utc};

/// The highest score a criterion can get.
pub const MAX_SCORE: i32 = 5;

/// One criterion's part of a review: its weight, and the score if one was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub weight: i32,
    pub score: Option<i32>,
}

/// A review's weighted score out of 100: `Σ(weight·score) / Σ(weight·5) × 100`.
///
/// A criterion left unscored counts in neither sum, so a review is judged on what
/// it scored rather than punished for a gap; `None` when nothing was scored.
pub fn weighted_score(parts: &[Part]) -> Option<f64> {
    let (mut got, mut possible) = (0_i64, 0_i64);
    for part in parts {
        if let Some(score) = part.score {
            let weight = i64::from(part.weight.max(0));
            got += weight * i64::from(score.clamp(0, MAX_SCORE));
            possible += weight * i64::from(MAX_SCORE);
        }
    }
    // Integer sums up to here, so only the final division rounds.
    (possible > 0).then(|| got as f64 / possible as f64 * 100.0)
}

/// The mean and spread of a list of scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub mean: f64,
    pub min: f64,
    pub max: f64,
    /// `max − min`.
    pub spread: f64,
    /// Population standard deviation.
    pub sd: f64,
}

/// Summarises scores; `None` for an empty list.
pub fn summarise(scores: &[f64]) -> Option<Summary> {
    if scores.is_empty() {
        return None;
    }
    let n = scores.len() as f64;
    let mean = scores.iter().sum::<f64>() / n;
    let min = scores.iter().copied().fold(f64::INFINITY, f64::min);
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let variance = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
    Some(Summary {
        count: scores.len(),
        mean,
        min,
        max,
        spread: max - min,
        sd: variance.sqrt(),
    })
}

/// True when reviewers disagree by more than the round's margin (in points out of 100).
pub fn disagrees(summary: &Summary, margin: i32) -> bool {
    // A hair of tolerance, so that a spread of exactly the margin never flags through rounding.
    summary.spread > f64::from(margin) + 1e-9
}

/// True when a mean reaches the round's fundable threshold.
pub fn fundable(mean: f64, threshold: i32) -> bool {
    mean + 1e-9 >= f64::from(threshold)
}

/// One review's weighted score, for normalisation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored<R, A> {
    pub reviewer: R,
    pub application: A,
    pub score: f64,
}

/// Z-score normalisation per reviewer, mapped back onto the panel's scale.
///
/// Each reviewer's scores become z-scores over the applications they scored
/// (`(score − their mean) / their sd`); a reviewer with one score, or with every
/// score the same, tells us nothing about their scale, so theirs map to z = 0.
/// Each z is then mapped back to `panel mean + z × panel sd`, over every review,
/// so that a harsh and a generous reviewer land on one common scale.
/// Returns the normalised score of each (reviewer, application).
pub fn normalise<R, A>(scores: &[Scored<R, A>]) -> HashMap<(R, A), f64>
where
    R: Copy + Eq + Hash,
    A: Copy + Eq + Hash,
{
    let all: Vec<f64> = scores.iter().map(|s| s.score).collect();
    let Some(panel) = summarise(&all) else {
        return HashMap::new();
    };
    let mut by_reviewer: HashMap<R, Vec<f64>> = HashMap::new();
    for s in scores {
        by_reviewer.entry(s.reviewer).or_default().push(s.score);
    }
    let scales: HashMap<R, Option<Summary>> = by_reviewer
        .into_iter()
        .map(|(r, list)| (r, summarise(&list)))
        .collect();
    scores
        .iter()
        .map(|s| {
            let z = match scales.get(&s.reviewer).copied().flatten() {
                Some(own) if own.count > 1 && own.sd > 1e-9 => (s.score - own.mean) / own.sd,
                _ => 0.0,
            };
            ((s.reviewer, s.application), panel.mean + z * panel.sd)
        })
        .collect()
}

/// What ranking needs to know about an application.
#[derive(Debug, Clone, PartialEq)]
pub struct RankKey {
    pub mean: Option<f64>,
    pub reviews: usize,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The last tie-break, so that the order is the same every time.
    pub id: i32,
}

/// A mean compared to six decimal places, so that two means equal on paper but
/// reached by different sums still tie.
fn mean_key(mean: f64) -> i64 {
    (mean * 1_000_000.0).round() as i64
}

/// The ranking order: highest mean first (unscored last); ties go to more
/// submitted reviews, then the earlier submission, then the lower id.
pub fn rank_order(a: &RankKey, b: &RankKey) -> Ordering {
    let by_mean = match (a.mean, b.mean) {
        (Some(x), Some(y)) => mean_key(y).cmp(&mean_key(x)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let by_submitted = match (a.submitted_at, b.submitted_at) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_mean
        .then(b.reviews.cmp(&a.reviews))
        .then(by_submitted)
        .then(a.id.cmp(&b.id))
}

/// The running total down a ranked list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningTotal {
    /// The cumulative amount after each row, in pence.
    pub cumulative: Vec<i64>,
    /// The first row that takes the total over the budget: the money runs out
    /// just above it. `None` when every row fits.
    pub runs_out_at: Option<usize>,
}

/// Adds up `amounts` (pence, in rank order) against `budget`.
pub fn running_total(amounts: &[i64], budget: i64) -> RunningTotal {
    let mut total = 0_i64;
    let mut runs_out_at = None;
    let cumulative = amounts
        .iter()
        .enumerate()
        .map(|(i, amount)| {
            total = total.saturating_add(*amount);
            if total > budget && runs_out_at.is_none() {
                runs_out_at = Some(i);
            }
            total
        })
        .collect();
    RunningTotal {
        cumulative,
        runs_out_at,
    }
}

/// Rounds a score to one decimal place, as pages show it.
pub fn one_decimal(score: f64) -> String {
    format!("{:.1}", (score * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    fn part(weight: i32, score: i32) -> Part {
        Part {
            weight,
            score: Some(score),
        }
    }

    #[test]
    fn a_weighted_score_counts_each_criterion_by_its_weight() {
        // (3·4 + 2·5 + 1·0) / (3·5 + 2·5 + 1·5) = 22 / 30 = 73.333…
        let score = weighted_score(&[part(3, 4), part(2, 5), part(1, 0)]).unwrap();
        assert!(close(score, 73.333_333), "{score}");
        assert_eq!(one_decimal(score), "73.3");
        assert_eq!(weighted_score(&[part(1, 5), part(4, 5)]), Some(100.0));
        assert_eq!(weighted_score(&[part(2, 0)]), Some(0.0));
    }

    #[test]
    fn an_unscored_criterion_counts_in_neither_sum() {
        // (2·3) / (2·5) = 60; the unscored weight-3 criterion is left out.
        let parts = [
            part(2, 3),
            Part {
                weight: 3,
                score: None,
            },
        ];
        assert_eq!(weighted_score(&parts), Some(60.0));
        assert_eq!(
            weighted_score(&[Part {
                weight: 1,
                score: None
            }]),
            None
        );
        assert_eq!(weighted_score(&[]), None);
    }

    #[test]
    fn the_summary_gives_mean_spread_and_population_deviation() {
        // Scores 60, 70, 80: mean 70, spread 20, variance (100+0+100)/3 = 66.67, sd 8.165.
        let s = summarise(&[60.0, 70.0, 80.0]).unwrap();
        assert_eq!(s.count, 3);
        assert!(close(s.mean, 70.0));
        assert!(close(s.spread, 20.0));
        assert!(close(s.sd, 8.164_966), "{}", s.sd);
        // Two scores 50 and 90: mean 70, spread 40, sd 20 (a sample sd would say 28.28).
        let two = summarise(&[50.0, 90.0]).unwrap();
        assert!(close(two.sd, 20.0));
        let one = summarise(&[42.0]).unwrap();
        assert_eq!((one.spread, one.sd), (0.0, 0.0));
        assert_eq!(summarise(&[]), None);
    }

    #[test]
    fn disagreement_is_a_spread_over_the_margin_not_at_it() {
        let at = summarise(&[60.0, 80.0]).unwrap();
        assert!(!disagrees(&at, 20), "exactly the margin does not flag");
        let over = summarise(&[60.0, 80.1]).unwrap();
        assert!(disagrees(&over, 20));
    }

    #[test]
    fn the_threshold_includes_a_mean_that_reaches_it() {
        assert!(fundable(60.0, 60));
        assert!(fundable(73.3, 60));
        assert!(!fundable(59.99, 60));
    }

    #[test]
    fn normalisation_puts_a_harsh_and_a_generous_reviewer_on_one_scale() {
        // Reviewer 1 (generous) scores applications 10, 20 as 80, 100;
        // reviewer 2 (harsh) scores them 40, 60.
        // Panel: 80, 100, 40, 60: mean 70, population sd √500 = 22.3607.
        // Each reviewer: z = −1 for application 10, +1 for application 20.
        // Normalised: 70 ∓ 22.3607 = 47.6393 and 92.3607 for both reviewers.
        let scores = [
            Scored {
                reviewer: 1,
                application: 10,
                score: 80.0,
            },
            Scored {
                reviewer: 1,
                application: 20,
                score: 100.0,
            },
            Scored {
                reviewer: 2,
                application: 10,
                score: 40.0,
            },
            Scored {
                reviewer: 2,
                application: 20,
                score: 60.0,
            },
        ];
        let n = normalise(&scores);
        assert!(close(n[&(1, 10)], 47.639_320), "{}", n[&(1, 10)]);
        assert!(close(n[&(2, 10)], 47.639_320));
        assert!(close(n[&(1, 20)], 92.360_680));
        assert!(close(n[&(2, 20)], 92.360_680));
    }

    #[test]
    fn a_reviewer_with_one_score_or_no_spread_maps_to_the_panel_mean() {
        // Reviewer 1 scores 50 and 50 (no spread), reviewer 2 one score of 80.
        // Panel mean (50+50+80)/3 = 60: every z is 0, so every score becomes 60.
        let scores = [
            Scored {
                reviewer: 1,
                application: 1,
                score: 50.0,
            },
            Scored {
                reviewer: 1,
                application: 2,
                score: 50.0,
            },
            Scored {
                reviewer: 2,
                application: 1,
                score: 80.0,
            },
        ];
        let n = normalise(&scores);
        for value in n.values() {
            assert!(close(*value, 60.0), "{value}");
        }
        assert!(normalise::<i32, i32>(&[]).is_empty());
    }

    #[test]
    fn ranking_breaks_ties_by_reviews_then_submission_then_id() {
        let at = |h| Utc.with_ymd_and_hms(2026, 1, 1, h, 0, 0).single();
        let key = |id, mean, reviews, hour| RankKey {
            mean,
            reviews,
            submitted_at: at(hour),
            id,
        };
        let mut keys = [
            key(1, Some(70.0), 2, 9),
            key(2, Some(80.0), 1, 12),
            key(3, None, 0, 1),
            key(4, Some(70.0), 3, 11),
            key(5, Some(70.0), 2, 8),
            // 69.999_999_9 is 70 to six places: a tie, not a lower score.
            key(6, Some(69.999_999_9), 2, 10),
        ];
        keys.sort_by(rank_order);
        let ids: Vec<i32> = keys.iter().map(|k| k.id).collect();
        assert_eq!(ids, [2, 4, 5, 1, 6, 3]);
    }

    #[test]
    fn the_money_runs_out_at_the_first_row_over_the_budget() {
        // £1,000 budget: 400, 500 fit (900), 200 takes it to 1,100.
        let t = running_total(&[40_000, 50_000, 20_000, 5_000], 100_000);
        assert_eq!(t.cumulative, [40_000, 90_000, 110_000, 115_000]);
        assert_eq!(t.runs_out_at, Some(2));
        let exact = running_total(&[60_000, 40_000], 100_000);
        assert_eq!(exact.runs_out_at, None, "spending the budget exactly fits");
        assert_eq!(running_total(&[], 0).runs_out_at, None);
    }
}
