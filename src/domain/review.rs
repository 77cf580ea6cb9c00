//! A panel member's review of one application: scores with their fixed
//! descriptors, the recommendation, the review's status, where a reviewer stands
//! on an application, and how a round's applications are shared out.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

/// The highest score a criterion can get.
pub const MAX_SCORE: i32 = 5;

/// The fixed descriptors of the 0–5 scale, in order.
pub const DESCRIPTORS: [(i32, &str); 6] = [
    (0, "Unacceptable"),
    (1, "Poor"),
    (2, "Weak"),
    (3, "Satisfactory"),
    (4, "Good"),
    (5, "Excellent"),
];

/// One criterion's score, 0 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Score(i32);

impl Score {
    /// Reads a score as typed: blank is no score yet; anything but 0–5 is refused.
    pub fn parse(input: &str) -> Result<Option<Score>, &'static str> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        match trimmed.parse::<i32>() {
            Ok(n) => Score::new(n).map(Some),
            Err(_) => Err("Choose a score from 0 to 5"),
        }
    }

    /// A score from a number, refused outside 0–5.
    pub fn new(value: i32) -> Result<Score, &'static str> {
        if (0..=MAX_SCORE).contains(&value) {
            Ok(Score(value))
        } else {
            Err("Choose a score from 0 to 5")
        }
    }

    /// The number.
    pub fn value(self) -> i32 {
        self.0
    }

    /// The score's descriptor, like "Good".
    pub fn descriptor(self) -> &'static str {
        descriptor(self.0)
    }
}

/// The descriptor of a stored score; a value outside the scale reads as "Unknown".
pub fn descriptor(score: i32) -> &'static str {
    DESCRIPTORS
        .iter()
        .find(|(n, _)| *n == score)
        .map_or("Unknown", |(_, d)| *d)
}

/// What the reviewer recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Recommendation {
    Fund,
    FundInPart,
    DoNotFund,
}

impl Recommendation {
    /// Every recommendation, in the order the form offers them.
    pub const ALL: [Recommendation; 3] = [
        Recommendation::Fund,
        Recommendation::FundInPart,
        Recommendation::DoNotFund,
    ];

    /// Parses the stored (and submitted) value.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value.trim())
    }

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::Fund => "fund",
            Recommendation::FundInPart => "fund_in_part",
            Recommendation::DoNotFund => "do_not_fund",
        }
    }

    /// The recommendation in words.
    pub fn label(self) -> &'static str {
        match self {
            Recommendation::Fund => "Fund",
            Recommendation::FundInPart => "Fund in part",
            Recommendation::DoNotFund => "Do not fund",
        }
    }
}

/// Where a review is. The stored type lives with the table; its rules live here.
pub use entity::review::Status as ReviewStatus;

/// What a review's status is called where it is stored and typed.
pub trait ReviewStatusRules: Copy {
    /// Reads a status typed into a form or an address; `None` for anything else.
    fn parse(value: &str) -> Option<Self>;
    /// The stored value.
    fn as_str(self) -> &'static str;
}

impl ReviewStatusRules for ReviewStatus {
    fn parse(value: &str) -> Option<Self> {
        match value {
            "draft" => Some(Self::Draft),
            "submitted" => Some(Self::Submitted),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
        }
    }
}

/// Where a panel member stands on one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Standing {
    /// Not yet declared whether they have a conflict of interest.
    ToDeclare,
    /// Declared no conflict; nothing saved yet.
    ToScore,
    Draft,
    Submitted,
    /// Declared a conflict: they can never open the application again.
    Conflict,
}

impl Standing {
    /// Works out the standing from the declaration (`Some(has_conflict)`) and the review's status.
    pub fn of(declared: Option<bool>, review: Option<ReviewStatus>) -> Self {
        match (declared, review) {
            (None, _) => Standing::ToDeclare,
            (Some(true), _) => Standing::Conflict,
            (Some(false), None) => Standing::ToScore,
            (Some(false), Some(ReviewStatus::Draft)) => Standing::Draft,
            (Some(false), Some(ReviewStatus::Submitted)) => Standing::Submitted,
        }
    }

    /// The standing in words.
    pub fn label(self) -> &'static str {
        match self {
            Standing::ToDeclare => "To declare",
            Standing::ToScore => "To score",
            Standing::Draft => "Draft",
            Standing::Submitted => "Submitted",
            Standing::Conflict => "Conflict declared",
        }
    }

    /// The tag colour, so that the same standing looks the same everywhere.
    pub fn tag_class(self) -> &'static str {
        match self {
            Standing::ToDeclare | Standing::ToScore => "tag--blue",
            Standing::Draft => "tag--yellow",
            Standing::Submitted => "tag--green",
            Standing::Conflict => "tag--grey",
        }
    }
}

/// What the allocation starts from.
#[derive(Debug, Clone, Default)]
pub struct AllocationInput {
    /// The panel's reviewers.
    pub reviewers: Vec<i32>,
    /// The applications to share out.
    pub applications: Vec<i32>,
    /// Existing `(application, reviewer)` assignments: kept, and counted as load.
    pub existing: Vec<(i32, i32)>,
    /// `(application, reviewer)` pairs with a declared conflict: never assigned.
    pub conflicts: HashSet<(i32, i32)>,
    /// Reviews each application needs.
    pub reviews_needed: usize,
}

/// The new `(application, reviewer)` assignments that give each application
/// `reviews_needed` reviewers who can review it (capped at the panel size).
///
/// Applications are taken in id order; each goes to the reviewers with the fewest
/// assignments so far, ties to the lowest id. An existing assignment to someone who
/// has since declared a conflict does not count towards the number, so re-running
/// finds a replacement.
pub fn allocate(input: &AllocationInput) -> Vec<(i32, i32)> {
    let mut reviewers = input.reviewers.clone();
    reviewers.sort_unstable();
    reviewers.dedup();
    let wanted = input.reviews_needed.min(reviewers.len());
    let on_panel: HashSet<i32> = reviewers.iter().copied().collect();
    let mut load: BTreeMap<i32, usize> = reviewers.iter().map(|r| (*r, 0)).collect();
    let mut assigned: HashMap<i32, HashSet<i32>> = HashMap::new();
    for (application, reviewer) in &input.existing {
        if on_panel.contains(reviewer)
            && assigned.entry(*application).or_default().insert(*reviewer)
        {
            *load.entry(*reviewer).or_default() += 1;
        }
    }
    let mut applications = input.applications.clone();
    applications.sort_unstable();
    applications.dedup();
    let mut added = Vec::new();
    for application in applications {
        let current = assigned.entry(application).or_default();
        let counted = current
            .iter()
            .filter(|r| !input.conflicts.contains(&(application, **r)))
            .count();
        let mut candidates: Vec<(usize, i32)> = load
            .iter()
            .filter(|(r, _)| !current.contains(r) && !input.conflicts.contains(&(application, **r)))
            .map(|(r, n)| (*n, *r))
            .collect();
        candidates.sort_unstable();
        for (_, reviewer) in candidates.into_iter().take(wanted.saturating_sub(counted)) {
            current.insert(reviewer);
            *load.entry(reviewer).or_default() += 1;
            added.push((application, reviewer));
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_outside_nought_to_five_are_refused_and_blank_is_no_score() {
        assert_eq!(Score::parse(" 4 "), Ok(Some(Score(4))));
        assert_eq!(Score::parse("0").map(|s| s.map(Score::value)), Ok(Some(0)));
        assert_eq!(Score::parse(""), Ok(None));
        assert!(Score::parse("6").is_err());
        assert!(Score::parse("-1").is_err());
        assert!(Score::parse("three").is_err());
        assert!(Score::parse("2.5").is_err());
    }

    #[test]
    fn every_score_has_its_descriptor() {
        assert_eq!(Score::new(0).map(Score::descriptor), Ok("Unacceptable"));
        assert_eq!(Score::new(3).map(Score::descriptor), Ok("Satisfactory"));
        assert_eq!(descriptor(5), "Excellent");
        assert_eq!(descriptor(9), "Unknown");
    }

    #[test]
    fn recommendations_round_trip_and_read_as_words() {
        for r in Recommendation::ALL {
            assert_eq!(Recommendation::parse(r.as_str()), Some(r));
        }
        assert_eq!(Recommendation::FundInPart.label(), "Fund in part");
        assert_eq!(Recommendation::parse("maybe"), None);
        assert_eq!(
            ReviewStatus::parse("submitted"),
            Some(ReviewStatus::Submitted)
        );
        assert_eq!(ReviewStatus::parse("lost"), None);
    }

    #[test]
    fn a_reviewer_declares_before_scoring_and_a_conflict_outranks_everything() {
        assert_eq!(Standing::of(None, None), Standing::ToDeclare);
        assert_eq!(Standing::of(Some(false), None), Standing::ToScore);
        assert_eq!(
            Standing::of(Some(false), Some(ReviewStatus::Draft)).label(),
            "Draft"
        );
        assert_eq!(
            Standing::of(Some(true), Some(ReviewStatus::Draft)),
            Standing::Conflict
        );
    }

    fn loads(pairs: &[(i32, i32)]) -> BTreeMap<i32, usize> {
        let mut out = BTreeMap::new();
        for (_, r) in pairs {
            *out.entry(*r).or_default() += 1;
        }
        out
    }

    #[test]
    fn allocation_is_even_and_gives_each_application_its_reviewers() {
        let input = AllocationInput {
            reviewers: vec![3, 1, 2],
            applications: vec![10, 11, 12, 13, 14, 15],
            reviews_needed: 2,
            ..Default::default()
        };
        let added = allocate(&input);
        assert_eq!(added.len(), 12);
        assert!(loads(&added).values().all(|n| *n == 4), "{added:?}");
        assert_eq!(&added[..2], &[(10, 1), (10, 2)], "ties go to the lowest id");
    }

    #[test]
    fn allocation_skips_conflicts_keeps_existing_and_tops_up() {
        let input = AllocationInput {
            reviewers: vec![1, 2, 3],
            applications: vec![10, 11],
            existing: vec![(10, 1), (10, 3)],
            conflicts: HashSet::from([(10, 3), (11, 2)]),
            reviews_needed: 2,
        };
        let added = allocate(&input);
        // 10 keeps 1, 3's conflict does not count, so 2 joins; 11 cannot go to 2.
        assert_eq!(added, vec![(10, 2), (11, 1), (11, 3)]);
        let again = AllocationInput {
            existing: [input.existing.clone(), added].concat(),
            ..input
        };
        assert!(allocate(&again).is_empty(), "running twice adds nothing");
    }

    #[test]
    fn reviews_needed_is_capped_at_the_panel_size() {
        let input = AllocationInput {
            reviewers: vec![1, 2],
            applications: vec![10],
            reviews_needed: 5,
            ..Default::default()
        };
        assert_eq!(allocate(&input), vec![(10, 1), (10, 2)]);
        assert!(allocate(&AllocationInput::default()).is_empty());
    }
}
