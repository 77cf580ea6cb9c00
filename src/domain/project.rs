//! Funded projects as the public sees them.
//!
//! A project is an award the group accepted. Offers not yet accepted, refused offers and
//! cancelled awards are never published: the first two were never grants, and a cancelled
//! award was taken back.

use serde::Serialize;

use crate::domain::award::AwardStatus;

/// The award statuses that make a published project.
pub const PUBLISHED: &[AwardStatus] = &[
    AwardStatus::Accepted,
    AwardStatus::Active,
    AwardStatus::Completed,
];

/// Where a funded project is, in the public's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProjectStatus {
    Active,
    Completed,
}

impl ProjectStatus {
    /// Both statuses, in the order filters list them.
    pub const ALL: [ProjectStatus; 2] = [ProjectStatus::Active, ProjectStatus::Completed];

    /// The project status of an award, or `None` when the award is not published.
    pub fn of(award: AwardStatus) -> Option<Self> {
        match award {
            AwardStatus::Accepted | AwardStatus::Active => Some(ProjectStatus::Active),
            AwardStatus::Completed => Some(ProjectStatus::Completed),
            AwardStatus::Offered | AwardStatus::Refused | AwardStatus::Cancelled => None,
        }
    }

    /// The award statuses behind this project status.
    pub fn award_statuses(self) -> &'static [AwardStatus] {
        match self {
            ProjectStatus::Active => &[AwardStatus::Accepted, AwardStatus::Active],
            ProjectStatus::Completed => &[AwardStatus::Completed],
        }
    }

    /// The value in addresses and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Active => "active",
            ProjectStatus::Completed => "completed",
        }
    }

    /// Reads the value in addresses.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value.trim())
    }

    /// The status in words.
    pub fn label(self) -> &'static str {
        match self {
            ProjectStatus::Active => "Active",
            ProjectStatus::Completed => "Completed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::award::ALL;

    #[test]
    fn only_accepted_awards_become_projects() {
        let published: Vec<AwardStatus> = ALL
            .iter()
            .copied()
            .filter(|s| ProjectStatus::of(*s).is_some())
            .collect();
        assert_eq!(published, PUBLISHED);
        for status in ProjectStatus::ALL {
            for award in status.award_statuses() {
                assert_eq!(ProjectStatus::of(*award), Some(status));
            }
            assert_eq!(ProjectStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(ProjectStatus::parse("cancelled"), None);
    }
}
