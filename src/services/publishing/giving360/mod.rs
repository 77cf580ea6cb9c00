//! Open data in the 360Giving Data Standard (1.4): every published grant as a JSON
//! package and as a CSV file with the standard's column titles.
//!
//! This module maps a [`PublicGrant`] to a 360Giving grant, with nothing in it that
//! `PublicGrant` does not already make public; [`csv`] lays the same grant out as a row,
//! and [`export`] streams either file a batch at a time for the routes and the command line.

pub mod csv;
pub mod export;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::Number;

use super::grants::PublicGrant;
use crate::config::AppConfig;
use crate::domain::giving360::{duration_months, grant_id, org_id, pounds_number};
use crate::error::AppError;

/// The version of the standard the files follow.
pub const STANDARD_VERSION: &str = "1.4";

/// The ONS geography type of a ward, from the standard's `geoCodeType` code list.
pub const WARD_GEO_CODE_TYPE: &str = "WD";

/// Who publishes the data, and under which licence: from the configuration.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub council_name: String,
    pub council_org_id: String,
    pub giving_prefix: String,
    /// Blank when not configured.
    pub department: String,
    pub licence_name: String,
    pub licence_url: String,
}

impl From<&AppConfig> for Publisher {
    fn from(config: &AppConfig) -> Self {
        Publisher {
            council_name: config.council_name.clone(),
            council_org_id: config.council_org_id.clone(),
            giving_prefix: config.giving_prefix.clone(),
            department: config.council_department.trim().to_owned(),
            licence_name: config.open_data_licence_name.clone(),
            licence_url: config.open_data_licence_url.clone(),
        }
    }
}

impl Publisher {
    /// The name of the vocabulary the outcomes are published under.
    pub fn outcome_vocabulary(&self) -> String {
        format!("{} Deal outcomes", self.council_name)
    }
}

/// One grant as the standard describes it. Field names are the standard's JSON names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    pub id: String,
    pub title: String,
    pub description: String,
    pub currency: &'static str,
    pub amount_applied_for: Number,
    pub amount_awarded: Number,
    pub amount_disbursed: Number,
    pub award_date: NaiveDate,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub planned_dates: Vec<PlannedDates>,
    pub recipient_organization: Vec<Organization>,
    pub funding_organization: Vec<Organization>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub beneficiary_location: Vec<Location>,
    pub grant_programme: Vec<GrantProgramme>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classifications: Vec<Classification>,
    /// Always "Yes": every grant comes from a round anyone could apply to.
    pub from_open_call: &'static str,
    /// RFC 3339, to the second, in UTC.
    pub date_modified: String,
}

/// When the project means to run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedDates {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// Months, a part month counting as one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
}

/// A recipient or a funder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charity_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
}

/// A ward the project serves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub name: String,
    pub geo_code: String,
    pub geo_code_type: &'static str,
}

/// The fund and round a grant came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrantProgramme {
    pub code: String,
    pub title: String,
}

/// An outcome of the Deal the project works towards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub vocabulary: String,
    pub code: String,
    pub title: String,
}

/// A time as the standard's date-time fields want it.
pub fn date_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn pounds(pence: i64, what: &str, reference: &str) -> Result<Number, AppError> {
    pounds_number(pence).ok_or_else(|| {
        AppError::Internal(format!(
            "{what} of grant {reference} is too large to publish exactly"
        ))
    })
}

fn present(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The 360Giving record of one published grant.
pub fn grant(grant: &PublicGrant, publisher: &Publisher) -> Result<Grant, AppError> {
    let org = &grant.organisation;
    let charity_number = present(&org.charity_number);
    let company_number = present(&org.company_number);
    let planned = match (grant.planned_start, grant.planned_end) {
        (None, None) => Vec::new(),
        (start, end) => vec![PlannedDates {
            start_date: start,
            end_date: end,
            duration: start.zip(end).and_then(|(s, e)| duration_months(s, e)),
        }],
    };
    Ok(Grant {
        id: grant_id(&publisher.giving_prefix, &grant.reference),
        title: grant.title.clone(),
        description: grant.summary.clone(),
        currency: "GBP",
        amount_applied_for: pounds(
            grant.amount_applied_for_pence,
            "the amount applied for",
            &grant.reference,
        )?,
        amount_awarded: pounds(grant.amount_awarded_pence, "the award", &grant.reference)?,
        amount_disbursed: pounds(grant.amount_paid_pence, "the amount paid", &grant.reference)?,
        award_date: grant.award_date,
        planned_dates: planned,
        recipient_organization: vec![Organization {
            id: org_id(
                charity_number.as_deref(),
                company_number.as_deref(),
                &publisher.giving_prefix,
                org.id,
            ),
            name: org.name.clone(),
            department: None,
            charity_number,
            company_number,
            // `PublicGrant` has it only for registered organisations.
            postal_code: present(&org.postcode),
        }],
        funding_organization: vec![Organization {
            id: publisher.council_org_id.clone(),
            name: publisher.council_name.clone(),
            department: (!publisher.department.is_empty()).then(|| publisher.department.clone()),
            charity_number: None,
            company_number: None,
            postal_code: None,
        }],
        beneficiary_location: grant
            .wards
            .iter()
            .map(|w| Location {
                name: w.name.clone(),
                geo_code: w.code.clone(),
                geo_code_type: WARD_GEO_CODE_TYPE,
            })
            .collect(),
        grant_programme: vec![GrantProgramme {
            code: grant.round.slug.clone(),
            title: format!("{}: {}", grant.fund.name, grant.round.name),
        }],
        classifications: grant
            .outcomes
            .iter()
            .map(|o| Classification {
                vocabulary: publisher.outcome_vocabulary(),
                code: o.code.clone(),
                title: o.title.clone(),
            })
            .collect(),
        from_open_call: "Yes",
        date_modified: date_time(grant.modified_at),
    })
}

/// The package's fields other than its grants, which are written around them.
#[derive(Debug, Clone, Serialize)]
pub struct PackageMetadata {
    pub title: String,
    pub description: String,
    pub publisher: PackagePublisher,
    /// The day the file was made.
    pub issued: NaiveDate,
    pub license: String,
    pub version: &'static str,
}

/// The package's publisher.
#[derive(Debug, Clone, Serialize)]
pub struct PackagePublisher {
    pub name: String,
    pub identifier: String,
}

/// The package metadata for a file made on `issued`.
pub fn metadata(publisher: &Publisher, issued: NaiveDate) -> PackageMetadata {
    PackageMetadata {
        title: format!(
            "{}: grants from the community Deal and investment fund",
            publisher.council_name
        ),
        description: format!(
            "Every grant {} has awarded to a community group that the group has accepted, \
             in the 360Giving Data Standard. Published under the {}.",
            publisher.council_name, publisher.licence_name
        ),
        publisher: PackagePublisher {
            name: publisher.council_name.clone(),
            identifier: publisher.council_org_id.clone(),
        },
        issued,
        license: publisher.licence_url.clone(),
        version: STANDARD_VERSION,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;
    use crate::domain::project::ProjectStatus;
    use crate::services::publishing::grants::{
        Named, PublicOrganisation, PublicOutcome, PublicWard,
    };

    fn publisher() -> Publisher {
        Publisher {
            council_name: "Ashworth Borough Council".into(),
            council_org_id: "GB-LAE-ASH".into(),
            giving_prefix: "360G-ashworth".into(),
            department: String::new(),
            licence_name: "Open Government Licence v3.0".into(),
            licence_url: "https://example.org/ogl".into(),
        }
    }

    fn public_grant() -> PublicGrant {
        PublicGrant {
            award_id: 9,
            reference: "DCF-2026-0042".into(),
            title: "Green \"Corner\"".into(),
            summary: "A garden.".into(),
            status: ProjectStatus::Active,
            amount_awarded_pence: 150_050,
            amount_applied_for_pence: 200_000,
            amount_paid_pence: 75_025,
            award_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            planned_start: NaiveDate::from_ymd_opt(2026, 4, 1),
            planned_end: NaiveDate::from_ymd_opt(2027, 3, 31),
            organisation: PublicOrganisation {
                id: 5,
                name: "Friends of the Park".into(),
                kind: crate::domain::organisation::Kind::RegisteredCharity,
                kind_label: "Registered charity",
                charity_number: Some("SC012345".into()),
                company_number: Some("SC123456".into()),
                postcode: Some("AS1 2AB".into()),
            },
            wards: vec![PublicWard {
                id: 1,
                name: "Abbey".into(),
                code: "E05000001".into(),
            }],
            outcomes: vec![PublicOutcome {
                id: 2,
                code: "O1".into(),
                title: "Stronger communities".into(),
                indicators: Vec::new(),
            }],
            fund: Named {
                id: 1,
                name: "Community Fund".into(),
                slug: "community".into(),
            },
            round: Named {
                id: 3,
                name: "Small grants 2026".into(),
                slug: "small-grants-2026".into(),
            },
            beneficiaries: None,
            volunteers: None,
            volunteer_hours: None,
            case_studies: Vec::new(),
            modified_at: Utc.with_ymd_and_hms(2026, 3, 4, 9, 30, 15).unwrap(),
        }
    }

    #[test]
    fn a_grant_maps_to_the_standards_fields_in_pounds() {
        let mapped = serde_json::to_value(grant(&public_grant(), &publisher()).unwrap()).unwrap();
        assert_eq!(
            mapped,
            json!({
                "id": "360G-ashworth-DCF-2026-0042",
                "title": "Green \"Corner\"",
                "description": "A garden.",
                "currency": "GBP",
                "amountAppliedFor": 2000,
                "amountAwarded": 1500.5,
                "amountDisbursed": 750.25,
                "awardDate": "2026-03-01",
                "plannedDates": [{"startDate": "2026-04-01", "endDate": "2027-03-31", "duration": 12}],
                "recipientOrganization": [{
                    "id": "GB-SC-SC012345",
                    "name": "Friends of the Park",
                    "charityNumber": "SC012345",
                    "companyNumber": "SC123456",
                    "postalCode": "AS1 2AB"
                }],
                "fundingOrganization": [{"id": "GB-LAE-ASH", "name": "Ashworth Borough Council"}],
                "beneficiaryLocation": [{"name": "Abbey", "geoCode": "E05000001", "geoCodeType": "WD"}],
                "grantProgramme": [{"code": "small-grants-2026", "title": "Community Fund: Small grants 2026"}],
                "classifications": [{
                    "vocabulary": "Ashworth Borough Council Deal outcomes",
                    "code": "O1",
                    "title": "Stronger communities"
                }],
                "fromOpenCall": "Yes",
                "dateModified": "2026-03-04T09:30:15Z"
            })
        );
    }

    #[test]
    fn missing_details_are_left_out_and_a_department_is_named_when_configured() {
        let mut g = public_grant();
        g.planned_start = None;
        g.planned_end = None;
        g.wards.clear();
        g.outcomes.clear();
        g.organisation.charity_number = None;
        g.organisation.company_number = Some(" ".into());
        g.organisation.postcode = None;
        let mut p = publisher();
        p.department = "Communities team".into();
        let mapped = serde_json::to_value(grant(&g, &p).unwrap()).unwrap();
        for absent in ["plannedDates", "beneficiaryLocation", "classifications"] {
            assert!(mapped.get(absent).is_none(), "{absent}");
        }
        assert_eq!(
            mapped["recipientOrganization"],
            json!([{"id": "360G-ashworth-ORG-5", "name": "Friends of the Park"}])
        );
        assert_eq!(
            mapped["fundingOrganization"][0]["department"],
            "Communities team"
        );
    }

    #[test]
    fn a_start_without_an_end_has_no_duration() {
        let mut g = public_grant();
        g.planned_end = None;
        let mapped = grant(&g, &publisher()).unwrap();
        assert_eq!(
            mapped.planned_dates,
            vec![PlannedDates {
                start_date: g.planned_start,
                end_date: None,
                duration: None
            }]
        );
    }
}
