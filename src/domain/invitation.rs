//! Invitations to join an organisation: how long they last, how many one person may
//! send, and where one stands at a given moment.

use chrono::{DateTime, Duration, Utc};
pub use entity::organisation_invitation::Status;

/// How long an invitation's link works.
pub fn lifetime() -> Duration {
    Duration::days(14)
}

/// Invitations one person may send in any 24 hours, whatever the organisation.
pub const MAX_PER_DAY: u64 = 20;

/// The window the limit counts over.
pub fn rate_window() -> Duration {
    Duration::hours(24)
}

/// Where an invitation stands now: its stored status, with a pending one past its
/// expiry read as expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Waiting for an answer: the link works.
    Open,
    /// Never answered, and too old to be.
    Expired,
    Accepted,
    Declined,
    Withdrawn,
}

/// Where an invitation with this status and expiry stands at `now`.
pub fn standing(status: Status, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Standing {
    match status {
        Status::Pending if expires_at <= now => Standing::Expired,
        Status::Pending => Standing::Open,
        Status::Accepted => Standing::Accepted,
        Status::Declined => Standing::Declined,
        Status::Withdrawn => Standing::Withdrawn,
    }
}

impl Standing {
    /// Why a link in this standing can no longer be used, in words for the person
    /// who followed it; none while it is open.
    pub fn problem(self) -> Option<&'static str> {
        match self {
            Standing::Open => None,
            Standing::Expired => Some(
                "This invitation has expired. Invitations last 14 days: ask the organisation to invite you again",
            ),
            Standing::Accepted => Some("This invitation has already been accepted"),
            Standing::Declined => Some("This invitation has already been declined"),
            Standing::Withdrawn => Some("This invitation has been withdrawn by the organisation"),
        }
    }
}

/// The moment the oldest of a user's recent invitations leaves the rate window, so
/// they may send another: `oldest` is the earliest of those counted.
pub fn next_allowed(oldest: DateTime<Utc>) -> DateTime<Utc> {
    oldest + rate_window()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(hours)
    }

    #[test]
    fn a_pending_invitation_is_open_until_its_expiry_and_expired_from_then() {
        let expires = at(0) + lifetime();
        assert_eq!(standing(Status::Pending, expires, at(0)), Standing::Open);
        assert_eq!(
            standing(Status::Pending, expires, expires - Duration::seconds(1)),
            Standing::Open
        );
        assert_eq!(
            standing(Status::Pending, expires, expires),
            Standing::Expired
        );
        assert!(Standing::Expired.problem().unwrap().contains("expired"));
        assert_eq!(Standing::Open.problem(), None);
    }

    #[test]
    fn an_answered_or_withdrawn_invitation_stays_so_after_its_expiry() {
        let expires = at(0);
        for (status, standing_now) in [
            (Status::Accepted, Standing::Accepted),
            (Status::Declined, Standing::Declined),
            (Status::Withdrawn, Standing::Withdrawn),
        ] {
            assert_eq!(standing(status, expires, at(-1)), standing_now);
            assert_eq!(standing(status, expires, at(1000)), standing_now);
            assert!(standing_now.problem().is_some());
        }
    }

    #[test]
    fn another_invitation_may_be_sent_a_day_after_the_oldest_counted() {
        assert_eq!(next_allowed(at(0)), at(24));
    }
}
