//! Published reports: their two states and the period their figures cover.
//!
//! ```text
//! draft ──publish──▶ published
//!   ▲                   │
//!   └─────unpublish─────┘
//! ```

use chrono::NaiveDate;

use crate::domain::dates;
use crate::domain::fields::FieldErrors;

/// Where a published report is. The stored type lives with the table; its rules live here.
pub use entity::publication::Status as PublicationStatus;

/// What a published report's status means, and where publishing moves it.
pub trait PublicationStatusRules: Copy {
    /// The stored value.
    fn as_str(self) -> &'static str;
    /// Reads a status typed into a form or an address; `None` for anything else.
    fn parse(value: &str) -> Option<Self>;
    /// The status in words.
    fn label(self) -> &'static str;
    /// The status after publishing (`true`) or unpublishing, or `None` when the report is
    /// already there.
    fn moved(self, publish: bool) -> Option<Self>;
}

impl PublicationStatusRules for PublicationStatus {
    fn as_str(self) -> &'static str {
        match self {
            PublicationStatus::Draft => "draft",
            PublicationStatus::Published => "published",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        match value {
            "draft" => Some(PublicationStatus::Draft),
            "published" => Some(PublicationStatus::Published),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            PublicationStatus::Draft => "Draft",
            PublicationStatus::Published => "Published",
        }
    }

    fn moved(self, publish: bool) -> Option<Self> {
        match (self, publish) {
            (PublicationStatus::Draft, true) => Some(PublicationStatus::Published),
            (PublicationStatus::Published, false) => Some(PublicationStatus::Draft),
            _ => None,
        }
    }
}

/// The first and last day a report's figures cover, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

fn parse_day(text: &str) -> Result<NaiveDate, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a date");
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| "Enter a real date, like 2026-03-31")
}

impl Period {
    /// Reads the period as typed (`YYYY-MM-DD` or `DD/MM/YYYY`). Errors are on the fields
    /// `period_start` and `period_end`.
    pub fn parse(start: &str, end: &str) -> Result<Period, FieldErrors> {
        let mut errors = FieldErrors::new();
        let start = parse_day(start)
            .map_err(|m| {
                let message = if m == "Enter a date" {
                    "Enter the first day the report covers"
                } else {
                    m
                };
                errors.add("period_start", message);
            })
            .ok();
        let end = parse_day(end)
            .map_err(|m| {
                let message = if m == "Enter a date" {
                    "Enter the last day the report covers"
                } else {
                    m
                };
                errors.add("period_end", message);
            })
            .ok();
        match (start, end) {
            (Some(start), Some(end)) if end < start => {
                errors.add(
                    "period_end",
                    "The last day must be the same as or after the first day",
                );
                Err(errors)
            }
            (Some(start), _) if start < dates::publication_earliest() => {
                errors.add(
                    "period_start",
                    format!(
                        "The first day must be in {} or later",
                        dates::PUBLICATION_FROM_YEAR
                    ),
                );
                Err(errors)
            }
            (Some(start), Some(end)) => {
                match dates::publication_end(start).check(
                    end,
                    "The last day",
                    "a report covers at most ten years",
                ) {
                    Ok(_) if errors.is_empty() => Ok(Period { start, end }),
                    Ok(_) => Err(errors),
                    Err(message) => {
                        errors.add("period_end", message);
                        Err(errors)
                    }
                }
            }
            _ => Err(errors),
        }
    }
}

/// Which list of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Sections,
    Projects,
    CaseStudies,
}

impl Part {
    /// The path segment of the list's page.
    pub fn path(self) -> &'static str {
        match self {
            Part::Sections => "sections",
            Part::Projects => "projects",
            Part::CaseStudies => "case-studies",
        }
    }

    /// One item, in words.
    pub fn noun(self) -> &'static str {
        match self {
            Part::Sections => "section",
            Part::Projects => "project",
            Part::CaseStudies => "case study",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn statuses_read_back_what_they_store() {
        for status in [PublicationStatus::Draft, PublicationStatus::Published] {
            assert_eq!(PublicationStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(PublicationStatus::parse("archived"), None);
    }

    #[test]
    fn a_report_is_published_from_draft_and_unpublished_back_to_draft() {
        use PublicationStatus::*;
        assert_eq!(Draft.moved(true), Some(Published));
        assert_eq!(Published.moved(false), Some(Draft));
        assert_eq!(Draft.moved(false), None);
        assert_eq!(Published.moved(true), None);
    }

    #[test]
    fn a_period_of_one_day_or_more_is_read_in_either_form() {
        assert_eq!(
            Period::parse("2026-04-01", "31/03/2027"),
            Ok(Period {
                start: day(2026, 4, 1),
                end: day(2027, 3, 31)
            })
        );
        assert!(Period::parse("2026-04-01", "2026-04-01").is_ok());
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused_on_the_last_day() {
        let errors = Period::parse("2026-04-01", "2026-03-31").unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].0, "period_end");
    }

    #[test]
    fn blank_and_unreal_days_are_refused_on_their_own_fields() {
        let errors = Period::parse("", "2026-02-30").unwrap_err();
        assert_eq!(
            errors.0,
            vec![
                (
                    "period_start".to_owned(),
                    "Enter the first day the report covers".to_owned()
                ),
                (
                    "period_end".to_owned(),
                    "Enter a real date, like 2026-03-31".to_owned()
                ),
            ]
        );
    }
}
