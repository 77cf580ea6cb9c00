//! An application's life, as a state machine:
//!
//! ```text
//! draft ──submit──▶ submitted ──screen──▶ eligible ──decide──▶ awarded | reserve | declined
//!                    │   ▲                                      reserve ──▶ awarded | declined
//!                    │   └──resubmit── returned ◀──return for changes── submitted
//!                    └──screen──▶ ineligible
//! withdraw: from draft, submitted, returned or eligible ──▶ withdrawn
//! ```

/// Where an application is. The stored type lives with the table; its rules live here.
pub use entity::application::Status;

/// Every status, in the order a list shows them.
pub const ALL: &[Status] = &[
    Status::Draft,
    Status::Submitted,
    Status::Returned,
    Status::Eligible,
    Status::Ineligible,
    Status::Reserve,
    Status::Awarded,
    Status::Declined,
    Status::Withdrawn,
];

/// What an application's status means: its words, and what it allows.
pub trait StatusRules: Copy {
    /// Reads a status typed into a form or an address; `None` for anything else.
    fn parse(value: &str) -> Option<Self>;
    /// The stored value.
    fn as_str(self) -> &'static str;
    /// The status in words, for applicants and officers.
    fn label(self) -> &'static str;
    /// True once submitted: the round's quiz, questions and criteria are then fixed.
    fn is_submitted(self) -> bool;
    /// True while the applicant may change the application.
    fn is_editable(self) -> bool;
}

impl StatusRules for Status {
    fn parse(value: &str) -> Option<Self> {
        ALL.iter().copied().find(|s| s.as_str() == value)
    }

    fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Eligible => "eligible",
            Status::Ineligible => "ineligible",
            Status::Withdrawn => "withdrawn",
            Status::Awarded => "awarded",
            Status::Reserve => "reserve",
            Status::Declined => "declined",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Submitted => "Submitted",
            Status::Returned => "Returned for changes",
            Status::Eligible => "Eligible: with the panel",
            Status::Ineligible => "Not eligible",
            Status::Withdrawn => "Withdrawn",
            Status::Awarded => "Awarded",
            Status::Reserve => "On the reserve list",
            Status::Declined => "Not funded",
        }
    }

    fn is_submitted(self) -> bool {
        !matches!(self, Status::Draft | Status::Withdrawn)
    }

    fn is_editable(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }
}

/// Something that moves an application on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Submit,
    MarkEligible,
    MarkIneligible,
    ReturnForChanges,
    Withdraw,
    Award,
    Reserve,
    Decline,
}

/// Where `event` takes an application in `from`, or `None` when it cannot happen.
pub fn next(from: Status, event: Event) -> Option<Status> {
    use Event as E;
    use Status as S;
    Some(match (from, event) {
        (S::Draft | S::Returned, E::Submit) => S::Submitted,
        (S::Submitted, E::MarkEligible) => S::Eligible,
        (S::Submitted, E::MarkIneligible) => S::Ineligible,
        (S::Submitted, E::ReturnForChanges) => S::Returned,
        (S::Draft | S::Submitted | S::Returned | S::Eligible, E::Withdraw) => S::Withdrawn,
        (S::Eligible | S::Reserve, E::Award) => S::Awarded,
        (S::Eligible, E::Reserve) => S::Reserve,
        (S::Eligible | S::Reserve, E::Decline) => S::Declined,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_its_stored_value() {
        for status in ALL {
            assert_eq!(Status::parse(status.as_str()), Some(*status));
        }
        assert_eq!(Status::parse("lost"), None);
    }

    #[test]
    fn the_machine_allows_exactly_the_designed_moves() {
        use Event as E;
        use Status as S;
        assert_eq!(next(S::Draft, E::Submit), Some(S::Submitted));
        assert_eq!(next(S::Returned, E::Submit), Some(S::Submitted));
        assert_eq!(next(S::Submitted, E::ReturnForChanges), Some(S::Returned));
        assert_eq!(next(S::Submitted, E::MarkIneligible), Some(S::Ineligible));
        assert_eq!(next(S::Reserve, E::Award), Some(S::Awarded));
        for from in [S::Draft, S::Submitted, S::Returned, S::Eligible] {
            assert_eq!(next(from, E::Withdraw), Some(S::Withdrawn), "{from:?}");
        }
        for from in [
            S::Ineligible,
            S::Withdrawn,
            S::Awarded,
            S::Declined,
            S::Reserve,
        ] {
            assert_eq!(next(from, E::Withdraw), None, "{from:?}");
        }
        assert_eq!(
            next(S::Draft, E::MarkEligible),
            None,
            "drafts are not screened"
        );
        assert_eq!(
            next(S::Eligible, E::MarkEligible),
            None,
            "no double screening"
        );
        assert_eq!(
            next(S::Submitted, E::Award),
            None,
            "awards follow screening"
        );
        assert_eq!(next(S::Awarded, E::Submit), None);
    }
}
