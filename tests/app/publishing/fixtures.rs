//! Funded projects written straight into the database, with exactly the values a test
//! needs: organisation numbers, wards, outcomes and targets, payments, accepted and
//! unaccepted reports, and case studies published or not.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use entity::{
    application, application_outcome, application_target, application_ward, award, fund,
    funding_round, indicator, monitoring_report, organisation, outcome, payment_tranche,
    report_value, ward,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use crate::support::{TestApp, builders};

/// A fund and a round the grants belong to.
pub struct Scheme {
    pub fund: fund::Model,
    pub round: funding_round::Model,
}

/// A fund with one published round, named after `slug`.
pub async fn scheme(app: &TestApp, slug: &str) -> Scheme {
    let fund = builders::fund(app, &format!("{slug}-fund"), 1_000_000).await;
    let round = builders::published_round(app, &fund, slug, 500_000).await;
    Scheme { fund, round }
}

/// A ward with this name and ONS code.
pub async fn ward(app: &TestApp, name: &str, code: &str) -> ward::Model {
    ward::ActiveModel {
        name: Set(name.into()),
        code: Set(code.into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a ward")
}

/// An outcome with one indicator; returns both.
pub async fn outcome_with_indicator(
    app: &TestApp,
    code: &str,
    title: &str,
    indicator_name: &str,
) -> (outcome::Model, indicator::Model) {
    let outcome = outcome::ActiveModel {
        code: Set(code.into()),
        title: Set(title.into()),
        description: Set(String::new()),
        position: Set(10),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an outcome");
    let indicator = indicator::ActiveModel {
        outcome_id: Set(outcome.id),
        name: Set(indicator_name.into()),
        unit: Set("people".into()),
        description: Set(String::new()),
        position: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an indicator");
    (outcome, indicator)
}

/// A UTC time at noon on a day.
pub fn noon(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

/// A report accepted by an officer, with its figures and an optional case study.
#[derive(Clone, Default)]
pub struct Report {
    /// Accepted unless set.
    pub status: Option<monitoring_report::Status>,
    pub beneficiaries: Option<i64>,
    pub volunteers: Option<i64>,
    pub volunteer_hours: Option<i64>,
    /// (indicator id, achieved)
    pub achieved: Vec<(i32, i64)>,
    pub case_study: String,
    pub consent: bool,
    pub published: bool,
}

/// What a grant is made of; [`Grant::create`] writes it.
#[derive(Clone)]
pub struct Grant {
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub organisation: String,
    pub kind: &'static str,
    pub charity_number: Option<String>,
    pub company_number: Option<String>,
    pub postcode: String,
    pub phone: Option<String>,
    pub declaration_name: String,
    pub requested_pence: i64,
    pub amount_pence: i64,
    /// The award's status: offered, accepted, active, completed, refused or cancelled.
    pub award_status: award::Status,
    /// The application's status.
    pub status: application::Status,
    pub offered_at: DateTime<Utc>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub ward_ids: Vec<i32>,
    pub outcome_ids: Vec<i32>,
    /// (indicator id, target)
    pub targets: Vec<(i32, i64)>,
    /// Amounts of paid tranches; `scheduled` ones are added too.
    pub paid: Vec<i64>,
    pub scheduled: Vec<i64>,
    pub reports: Vec<Report>,
}

impl Grant {
    /// An accepted grant of £1,500 awarded at noon on 1 March 2026, with no wards,
    /// outcomes, payments or reports.
    pub fn new(reference: &str) -> Self {
        Grant {
            reference: reference.into(),
            title: format!("Project {reference}"),
            summary: format!("What {reference} does."),
            organisation: format!("Group {reference}"),
            kind: "constituted_group",
            charity_number: None,
            company_number: None,
            postcode: "AS1 2AB".into(),
            phone: None,
            declaration_name: "Pat Signer".into(),
            requested_pence: 150_000,
            amount_pence: 150_000,
            award_status: award::Status::Accepted,
            status: application::Status::Awarded,
            offered_at: noon(2026, 3, 1),
            start: NaiveDate::from_ymd_opt(2026, 4, 1),
            end: NaiveDate::from_ymd_opt(2027, 3, 31),
            ward_ids: Vec::new(),
            outcome_ids: Vec::new(),
            targets: Vec::new(),
            paid: Vec::new(),
            scheduled: Vec::new(),
            reports: Vec::new(),
        }
    }

    /// Writes the organisation, application, links, award, payments and reports.
    pub async fn create(&self, app: &TestApp, scheme: &Scheme) -> award::Model {
        let now = app.clock.now();
        let owner = app
            .create_user(
                &format!("{}@grants.example", self.reference.to_lowercase()),
                entity::user::Role::Applicant,
            )
            .await;
        let org = organisation::ActiveModel {
            name: Set(self.organisation.clone()),
            kind: Set(self.kind.into()),
            charity_number: Set(self.charity_number.clone()),
            company_number: Set(self.company_number.clone()),
            postcode: Set(self.postcode.clone()),
            phone: Set(self.phone.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an organisation");
        let application = application::ActiveModel {
            reference: Set(Some(self.reference.clone())),
            round_id: Set(scheme.round.id),
            organisation_id: Set(org.id),
            created_by: Set(owner.id),
            status: Set(self.status),
            version: Set(1),
            title: Set(self.title.clone()),
            summary: Set(self.summary.clone()),
            start_date: Set(self.start),
            end_date: Set(self.end),
            requested_pence: Set(self.requested_pence),
            section_state: Set("{}".into()),
            quiz_answers: Set("{}".into()),
            declaration_true: Set(true),
            declaration_consent: Set(true),
            declaration_name: Set(self.declaration_name.clone()),
            submitted_at: Set(Some(self.offered_at - Duration::days(30))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an application");
        for ward_id in &self.ward_ids {
            application_ward::ActiveModel {
                application_id: Set(application.id),
                ward_id: Set(*ward_id),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .expect("link a ward");
        }
        for outcome_id in &self.outcome_ids {
            application_outcome::ActiveModel {
                application_id: Set(application.id),
                outcome_id: Set(*outcome_id),
                measurement: Set(String::new()),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .expect("link an outcome");
        }
        for (indicator_id, target) in &self.targets {
            application_target::ActiveModel {
                application_id: Set(application.id),
                indicator_id: Set(*indicator_id),
                target: Set(*target),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .expect("add a target");
        }
        let award = award::ActiveModel {
            application_id: Set(application.id),
            round_id: Set(scheme.round.id),
            amount_pence: Set(self.amount_pence),
            conditions: Set(String::new()),
            status: Set(self.award_status),
            offered_at: Set(self.offered_at),
            responded_at: Set(Some(self.offered_at + Duration::days(3))),
            accepted_by_name: Set(Some(self.declaration_name.clone())),
            created_at: Set(self.offered_at),
            updated_at: Set(self.offered_at),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an award");
        let tranches = self
            .paid
            .iter()
            .map(|p| (*p, payment_tranche::Status::Paid))
            .chain(
                self.scheduled
                    .iter()
                    .map(|p| (*p, payment_tranche::Status::Scheduled)),
            );
        for (position, (amount, status)) in tranches.enumerate() {
            let due = self.offered_at.date_naive() + Duration::days(30 * position as i64);
            payment_tranche::ActiveModel {
                award_id: Set(award.id),
                position: Set(position as i32 + 1),
                due_date: Set(due),
                amount_pence: Set(amount),
                status: Set(status),
                paid_date: Set((status == payment_tranche::Status::Paid).then_some(due)),
                finance_reference: Set(
                    (status == payment_tranche::Status::Paid).then(|| format!("FIN-{position}"))
                ),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .expect("add a tranche");
        }
        for (position, r) in self.reports.iter().enumerate() {
            let report = monitoring_report::ActiveModel {
                award_id: Set(award.id),
                position: Set(position as i32 + 1),
                is_final: Set(position + 1 == self.reports.len()),
                due_date: Set(self.offered_at.date_naive() + Duration::days(180)),
                status: Set(r.status.unwrap_or(monitoring_report::Status::Accepted)),
                version: Set(1),
                beneficiaries: Set(r.beneficiaries),
                volunteers: Set(r.volunteers),
                volunteer_hours: Set(r.volunteer_hours),
                spend_to_date_pence: Set(Some(1_000)),
                went_well: Set("Went well".into()),
                was_hard: Set("Was hard".into()),
                case_study: Set(r.case_study.clone()),
                case_study_consent: Set(r.consent),
                case_study_published_at: Set(r.published.then_some(now)),
                officer_message: Set(None),
                submitted_at: Set(Some(now)),
                reviewed_at: Set(Some(now)),
                reviewed_by: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .expect("add a report");
            for (indicator_id, achieved) in &r.achieved {
                report_value::ActiveModel {
                    report_id: Set(report.id),
                    indicator_id: Set(*indicator_id),
                    achieved: Set(Some(*achieved)),
                    ..Default::default()
                }
                .insert(&app.db)
                .await
                .expect("add a report value");
            }
        }
        award
    }
}
