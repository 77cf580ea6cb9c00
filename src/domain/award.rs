//! Decisions and awards.
//!
//! A decision is one of award, reserve or decline. An award then lives its own life:
//!
//! ```text
//! offered ──accept──▶ accepted ──start──▶ active ──complete──▶ completed
//!    │                   │                  │
//!    └──refuse──▶ refused └──────cancel─────┴──▶ cancelled   (offered can be cancelled too)
//! ```

use serde::Serialize;

use crate::domain::application::Event;

/// What officers decided about an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Award,
    Reserve,
    Decline,
}

impl Outcome {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Award => "award",
            Outcome::Reserve => "reserve",
            Outcome::Decline => "decline",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<Self> {
        [Outcome::Award, Outcome::Reserve, Outcome::Decline]
            .into_iter()
            .find(|o| o.as_str() == value)
    }

    /// The outcome in words.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Award => "Awarded",
            Outcome::Reserve => "Reserve list",
            Outcome::Decline => "Declined",
        }
    }

    /// The application's move this outcome makes.
    pub fn event(self) -> Event {
        match self {
            Outcome::Award => Event::Award,
            Outcome::Reserve => Event::Reserve,
            Outcome::Decline => Event::Decline,
        }
    }

    /// The audit action that records it.
    pub fn action(self) -> &'static str {
        match self {
            Outcome::Award => "decision.awarded",
            Outcome::Reserve => "decision.reserved",
            Outcome::Decline => "decision.declined",
        }
    }
}

/// Where an award is. The stored type lives with the table; its rules live here.
pub use entity::award::Status as AwardStatus;

/// Every award status.
pub const ALL: &[AwardStatus] = &[
    AwardStatus::Offered,
    AwardStatus::Accepted,
    AwardStatus::Refused,
    AwardStatus::Active,
    AwardStatus::Completed,
    AwardStatus::Cancelled,
];

/// The statuses whose money counts as committed: promised and not given back.
pub const COMMITTED: &[AwardStatus] = &[
    AwardStatus::Offered,
    AwardStatus::Accepted,
    AwardStatus::Active,
    AwardStatus::Completed,
];

/// What an award's status means: its stored value, its words, and whether its money counts.
pub trait AwardStatusRules: Copy {
    /// The stored value.
    fn as_str(self) -> &'static str;
    /// Reads a status typed into a form or an address; `None` for anything else.
    fn parse(value: &str) -> Option<Self>;
    /// The status in words.
    fn label(self) -> &'static str;
    /// True when the award's money counts against the round's budget.
    fn is_committed(self) -> bool;
}

impl AwardStatusRules for AwardStatus {
    fn as_str(self) -> &'static str {
        match self {
            AwardStatus::Offered => "offered",
            AwardStatus::Accepted => "accepted",
            AwardStatus::Refused => "refused",
            AwardStatus::Active => "active",
            AwardStatus::Completed => "completed",
            AwardStatus::Cancelled => "cancelled",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        ALL.iter().copied().find(|s| s.as_str() == value)
    }

    fn label(self) -> &'static str {
        match self {
            AwardStatus::Offered => "Offered",
            AwardStatus::Accepted => "Accepted",
            AwardStatus::Refused => "Refused",
            AwardStatus::Active => "Active",
            AwardStatus::Completed => "Completed",
            AwardStatus::Cancelled => "Cancelled",
        }
    }

    fn is_committed(self) -> bool {
        COMMITTED.contains(&self)
    }
}

/// Something that moves an award on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwardEvent {
    Accept,
    Refuse,
    Start,
    Complete,
    Cancel,
}

/// Where `event` takes an award in `from`, or `None` when it cannot happen.
pub fn next(from: AwardStatus, event: AwardEvent) -> Option<AwardStatus> {
    use AwardEvent as E;
    use AwardStatus as S;
    Some(match (from, event) {
        (S::Offered, E::Accept) => S::Accepted,
        (S::Offered, E::Refuse) => S::Refused,
        (S::Accepted, E::Start) => S::Active,
        (S::Active, E::Complete) => S::Completed,
        (S::Offered | S::Accepted | S::Active, E::Cancel) => S::Cancelled,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::application::{self, Status};

    #[test]
    fn statuses_and_outcomes_round_trip_through_their_stored_values() {
        for status in ALL {
            assert_eq!(AwardStatus::parse(status.as_str()), Some(*status));
        }
        for outcome in [Outcome::Award, Outcome::Reserve, Outcome::Decline] {
            assert_eq!(Outcome::parse(outcome.as_str()), Some(outcome));
        }
        assert_eq!(AwardStatus::parse("lost"), None);
        assert_eq!(Outcome::parse("maybe"), None);
    }

    #[test]
    fn the_award_machine_allows_exactly_the_designed_moves() {
        use AwardEvent as E;
        use AwardStatus as S;
        assert_eq!(next(S::Offered, E::Accept), Some(S::Accepted));
        assert_eq!(next(S::Offered, E::Refuse), Some(S::Refused));
        assert_eq!(next(S::Accepted, E::Start), Some(S::Active));
        assert_eq!(next(S::Active, E::Complete), Some(S::Completed));
        for from in [S::Offered, S::Accepted, S::Active] {
            assert_eq!(next(from, E::Cancel), Some(S::Cancelled), "{from:?}");
        }
        assert_eq!(next(S::Accepted, E::Accept), None, "no second acceptance");
        assert_eq!(next(S::Refused, E::Accept), None);
        assert_eq!(next(S::Accepted, E::Refuse), None);
        assert_eq!(next(S::Offered, E::Start), None, "accept first");
        assert_eq!(next(S::Completed, E::Cancel), None);
        assert_eq!(next(S::Cancelled, E::Start), None);
    }

    #[test]
    fn refused_and_cancelled_awards_no_longer_count_as_committed() {
        let committed: Vec<_> = ALL.iter().filter(|s| s.is_committed()).collect();
        assert_eq!(
            committed,
            [
                &AwardStatus::Offered,
                &AwardStatus::Accepted,
                &AwardStatus::Active,
                &AwardStatus::Completed
            ]
        );
    }

    #[test]
    fn each_outcome_moves_an_eligible_application_and_reserve_can_still_be_decided() {
        assert_eq!(
            application::next(Status::Eligible, Outcome::Award.event()),
            Some(Status::Awarded)
        );
        assert_eq!(
            application::next(Status::Eligible, Outcome::Reserve.event()),
            Some(Status::Reserve)
        );
        assert_eq!(
            application::next(Status::Reserve, Outcome::Decline.event()),
            Some(Status::Declined)
        );
        assert_eq!(
            application::next(Status::Reserve, Outcome::Reserve.event()),
            None
        );
    }
}
