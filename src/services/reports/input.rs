//! The report form as typed, and the checks that turn it into values to store.
//!
//! Saving for later refuses only what is malformed (a number that is not one), so
//! half-written reports keep; submitting also needs everything required.

use std::collections::BTreeMap;

use crate::domain::fields::FieldErrors;
use crate::domain::money::Money;
use crate::domain::text::parse_whole;

/// The most anyone could reach or count: stops a typo of extra digits.
const MAX_COUNT: i64 = 10_000_000;
/// The longest narrative answer, in characters.
const MAX_TEXT: usize = 10_000;

/// What the applicant typed, every value as text.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    /// Achieved values, by indicator id.
    pub achieved: BTreeMap<i32, String>,
    pub beneficiaries: String,
    pub volunteers: String,
    pub volunteer_hours: String,
    pub spend: String,
    pub went_well: String,
    pub was_hard: String,
    pub case_study: String,
    pub consent: bool,
}

/// The input made into values; blanks are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportValues {
    pub achieved: BTreeMap<i32, Option<i64>>,
    pub beneficiaries: Option<i64>,
    pub volunteers: Option<i64>,
    pub volunteer_hours: Option<i64>,
    pub spend_to_date_pence: Option<i64>,
    pub went_well: String,
    pub was_hard: String,
    pub case_study: String,
    pub consent: bool,
}

/// The form field of an indicator's achieved value.
pub fn achieved_field(indicator_id: i32) -> String {
    format!("achieved-{indicator_id}")
}

fn count(
    errors: &mut FieldErrors,
    field: &str,
    typed: &str,
    what: &str,
    required: bool,
) -> Option<i64> {
    if typed.trim().is_empty() {
        if required {
            errors.add(field, format!("Enter {what}"));
        }
        return None;
    }
    match parse_whole(typed, what, 0, MAX_COUNT) {
        Ok(n) => Some(n),
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

fn text(errors: &mut FieldErrors, field: &str, typed: &str, what: &str, required: bool) -> String {
    let trimmed = typed.trim();
    if required && trimmed.is_empty() {
        errors.add(field, format!("Enter {what}"));
    } else if trimmed.chars().count() > MAX_TEXT {
        errors.add(
            field,
            format!("Keep {what} to {MAX_TEXT} characters or fewer"),
        );
    }
    trimmed.to_owned()
}

/// Checks the input for the indicators the application set targets for (in order).
/// With `submit`, every figure and both narrative answers are required.
pub fn check(
    input: &ReportInput,
    indicators: &[(i32, String)],
    submit: bool,
) -> Result<ReportValues, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut achieved = BTreeMap::new();
    for (id, name) in indicators {
        let typed = input.achieved.get(id).map(String::as_str).unwrap_or("");
        let what = format!("the number achieved for “{name}”");
        achieved.insert(
            *id,
            count(&mut errors, &achieved_field(*id), typed, &what, submit),
        );
    }
    let beneficiaries = count(
        &mut errors,
        "beneficiaries",
        &input.beneficiaries,
        "the number of people the project reached",
        submit,
    );
    let volunteers = count(
        &mut errors,
        "volunteers",
        &input.volunteers,
        "the number of volunteers",
        submit,
    );
    let volunteer_hours = count(
        &mut errors,
        "volunteer_hours",
        &input.volunteer_hours,
        "the number of volunteer hours",
        submit,
    );
    let spend_to_date_pence = if input.spend.trim().is_empty() {
        if submit {
            errors.add("spend", "Enter how much of the grant you have spent so far");
        }
        None
    } else {
        match Money::parse(&input.spend) {
            Ok(m) => Some(m.0),
            Err(message) => {
                errors.add("spend", message);
                None
            }
        }
    };
    let went_well = text(
        &mut errors,
        "went_well",
        &input.went_well,
        "what went well",
        submit,
    );
    let was_hard = text(
        &mut errors,
        "was_hard",
        &input.was_hard,
        "what was hard",
        submit,
    );
    let case_study = text(
        &mut errors,
        "case_study",
        &input.case_study,
        "the case study",
        false,
    );
    // Consent matters only when there is something to publish; without a case study a
    // stray tick means nothing, so it is dropped rather than stored.
    let consent = input.consent && !case_study.is_empty();
    if submit && !case_study.is_empty() && !input.consent {
        errors.add(
            "consent",
            "Tick the box to confirm the people in the case study agreed to it being published, or remove the case study",
        );
    }
    if errors.is_empty() {
        Ok(ReportValues {
            achieved,
            beneficiaries,
            volunteers,
            volunteer_hours,
            spend_to_date_pence,
            went_well,
            was_hard,
            case_study,
            consent,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> ReportInput {
        ReportInput {
            achieved: [(7, "40".to_owned())].into(),
            beneficiaries: "120".into(),
            volunteers: "8".into(),
            volunteer_hours: "1,200".into(),
            spend: "£950.50".into(),
            went_well: "Lots".into(),
            was_hard: "Rain".into(),
            case_study: String::new(),
            consent: false,
        }
    }

    #[test]
    fn a_complete_report_submits_and_numbers_are_parsed() {
        let values = check(&full(), &[(7, "Sessions".into())], true).unwrap();
        assert_eq!(values.achieved[&7], Some(40));
        assert_eq!(values.volunteer_hours, Some(1200));
        assert_eq!(values.spend_to_date_pence, Some(95_050));
    }

    #[test]
    fn saving_for_later_allows_blanks_but_never_bad_numbers() {
        let blank = ReportInput::default();
        assert!(check(&blank, &[(7, "Sessions".into())], false).is_ok());
        let errors = check(&blank, &[(7, "Sessions".into())], true).unwrap_err();
        assert!(errors.0.iter().any(|(f, _)| f == "achieved-7"));
        assert!(errors.0.iter().any(|(f, _)| f == "went_well"));
        let bad = ReportInput {
            volunteers: "-3".into(),
            beneficiaries: "lots".into(),
            ..full()
        };
        let errors = check(&bad, &[], false).unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["beneficiaries", "volunteers"]);
    }

    #[test]
    fn a_case_study_needs_consent_to_submit() {
        let with_story = ReportInput {
            case_study: "Mary came every week".into(),
            ..full()
        };
        let errors = check(&with_story, &[(7, "Sessions".into())], true).unwrap_err();
        assert_eq!(errors.0[0].0, "consent");
        let consented = ReportInput {
            consent: true,
            ..with_story
        };
        assert!(
            check(&consented, &[(7, "Sessions".into())], true)
                .unwrap()
                .consent
        );
    }
}
