//! A 360Giving grant as one CSV row, under the column titles of the standard's
//! spreadsheet template (`Identifier`, `Recipient Org:Name`, `Last Modified`, …).
//!
//! A grant can serve several wards and work towards several outcomes. The standard's
//! "numbering" convention puts each occurrence in its own numbered columns:
//! `Beneficiary Location:0:Name`, `Beneficiary Location:1:Name`, … and
//! `Classifications:0:Code`, … There are as many ward columns as the grant with the
//! most wards needs, and room for every outcome in the framework (at least one set of
//! each), so every row has the same columns.

use super::Grant;
use crate::error::AppError;
use crate::format::spreadsheet::cell;

/// The columns before the wards.
const LEAD: [&str; 21] = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Applied For",
    "Amount Awarded",
    "Amount Disbursed",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Planned Dates:Duration (months)",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Recipient Org:Postal Code",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Funding Org:Department",
    "Grant Programme:Code",
    "Grant Programme:Title",
];

/// The fields of each numbered ward.
const LOCATION: [&str; 3] = ["Name", "Geographic Code", "Geographic Code Type"];

/// The fields of each numbered outcome.
const CLASSIFICATION: [&str; 3] = ["Vocabulary", "Code", "Title"];

/// The columns after them.
const TAIL: [&str; 2] = ["From An Open Call?", "Last Modified"];

/// How many numbered wards and outcomes the file has room for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub locations: usize,
    pub classifications: usize,
}

impl Columns {
    /// Room for this many of each, and always for at least one.
    pub fn new(locations: usize, classifications: usize) -> Self {
        Columns {
            locations: locations.max(1),
            classifications: classifications.max(1),
        }
    }

    /// The header row.
    pub fn header(&self) -> Vec<String> {
        let numbered = |group: &str, fields: &[&str], n: usize| {
            (0..n)
                .flat_map(|i| {
                    fields
                        .iter()
                        .map(move |f| format!("{group}:{i}:{f}"))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        LEAD.iter()
            .map(|s| (*s).to_owned())
            .chain(numbered("Beneficiary Location", &LOCATION, self.locations))
            .chain(numbered(
                "Classifications",
                &CLASSIFICATION,
                self.classifications,
            ))
            .chain(TAIL.iter().map(|s| (*s).to_owned()))
            .collect()
    }

    /// A grant's row. Text is guarded against spreadsheet formulas; amounts are the
    /// JSON's numbers, printed the same way (`1500.5`). A grant with more wards or outcomes than
    /// the columns hold is refused rather than cut short.
    pub fn row(&self, grant: &Grant) -> Result<Vec<String>, AppError> {
        if grant.beneficiary_location.len() > self.locations
            || grant.classifications.len() > self.classifications
        {
            return Err(AppError::Internal(format!(
                "grant {} has more wards or outcomes than the CSV has columns for",
                grant.id
            )));
        }
        let text = |s: &str| cell(s).into_owned();
        let optional = |s: Option<&str>| s.map(text).unwrap_or_default();
        let date = |d: Option<chrono::NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        let planned = grant.planned_dates.first();
        let recipient = grant.recipient_organization.first();
        let funder = grant.funding_organization.first();
        let programme = grant.grant_programme.first();
        let mut row = vec![
            text(&grant.id),
            text(&grant.title),
            text(&grant.description),
            grant.currency.to_owned(),
            grant.amount_applied_for.to_string(),
            grant.amount_awarded.to_string(),
            grant.amount_disbursed.to_string(),
            date(Some(grant.award_date)),
            date(planned.and_then(|p| p.start_date)),
            date(planned.and_then(|p| p.end_date)),
            planned
                .and_then(|p| p.duration)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            optional(recipient.map(|o| o.id.as_str())),
            optional(recipient.map(|o| o.name.as_str())),
            optional(recipient.and_then(|o| o.charity_number.as_deref())),
            optional(recipient.and_then(|o| o.company_number.as_deref())),
            optional(recipient.and_then(|o| o.postal_code.as_deref())),
            optional(funder.map(|o| o.id.as_str())),
            optional(funder.map(|o| o.name.as_str())),
            optional(funder.and_then(|o| o.department.as_deref())),
            optional(programme.map(|p| p.code.as_str())),
            optional(programme.map(|p| p.title.as_str())),
        ];
        for i in 0..self.locations {
            let location = grant.beneficiary_location.get(i);
            row.push(optional(location.map(|l| l.name.as_str())));
            row.push(optional(location.map(|l| l.geo_code.as_str())));
            row.push(optional(location.map(|l| l.geo_code_type)));
        }
        for i in 0..self.classifications {
            let class = grant.classifications.get(i);
            row.push(optional(class.map(|c| c.vocabulary.as_str())));
            row.push(optional(class.map(|c| c.code.as_str())));
            row.push(optional(class.map(|c| c.title.as_str())));
        }
        row.push(grant.from_open_call.to_owned());
        row.push(grant.date_modified.clone());
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::Number;

    use super::super::{Classification, GrantProgramme, Location, Organization};
    use super::*;

    fn grant() -> Grant {
        Grant {
            id: "360G-x-R1".into(),
            title: "=HYPERLINK(\"x\")".into(),
            description: "Line one\nline two".into(),
            currency: "GBP",
            amount_applied_for: Number::from(2000),
            amount_awarded: Number::from_f64(1500.5).unwrap(),
            amount_disbursed: Number::from(0),
            award_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            planned_dates: Vec::new(),
            recipient_organization: vec![Organization {
                id: "GB-CHC-1123456".into(),
                name: "Friends".into(),
                department: None,
                charity_number: Some("1123456".into()),
                company_number: None,
                postal_code: None,
            }],
            funding_organization: vec![Organization {
                id: "GB-LAE-X".into(),
                name: "Council".into(),
                department: None,
                charity_number: None,
                company_number: None,
                postal_code: None,
            }],
            beneficiary_location: vec![
                Location {
                    name: "Abbey".into(),
                    geo_code: "E05000001".into(),
                    geo_code_type: "WD",
                },
                Location {
                    name: "Brook".into(),
                    geo_code: "E05000002".into(),
                    geo_code_type: "WD",
                },
            ],
            grant_programme: vec![GrantProgramme {
                code: "r".into(),
                title: "F: R".into(),
            }],
            classifications: vec![Classification {
                vocabulary: "V".into(),
                code: "O1".into(),
                title: "T".into(),
            }],
            from_open_call: "Yes",
            date_modified: "2026-03-04T09:30:15Z".into(),
        }
    }

    #[test]
    fn wards_and_outcomes_get_numbered_columns_and_rows_line_up_with_the_header() {
        let columns = Columns::new(2, 0);
        let header = columns.header();
        assert_eq!(header[0], "Identifier");
        assert!(header.contains(&"Beneficiary Location:1:Geographic Code Type".to_owned()));
        assert!(header.contains(&"Classifications:0:Vocabulary".to_owned()));
        assert!(!header.contains(&"Classifications:1:Vocabulary".to_owned()));
        assert_eq!(header.last().unwrap(), "Last Modified");
        let row = columns.row(&grant()).unwrap();
        assert_eq!(row.len(), header.len());
        let at = |title: &str| &row[header.iter().position(|h| h == title).unwrap()];
        assert_eq!(at("Title"), "'=HYPERLINK(\"x\")");
        assert_eq!(at("Amount Awarded"), "1500.5");
        assert_eq!(at("Amount Applied For"), "2000");
        assert_eq!(at("Beneficiary Location:1:Name"), "Brook");
        assert_eq!(at("Recipient Org:Company Number"), "");
    }

    #[test]
    fn a_grant_that_does_not_fit_the_columns_is_refused() {
        assert!(Columns::new(1, 1).row(&grant()).is_err());
    }
}
