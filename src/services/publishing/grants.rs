//! Everything the public may know about funded projects, loaded for a batch of awards in a
//! fixed number of queries. The project pages, the directory, the dashboard, the JSON API
//! and the 360Giving export all read grants through [`load`], so they cannot disagree.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::{
    application, application_outcome, application_target, application_ward, award, fund,
    funding_round, indicator, monitoring_report, organisation, outcome, payment_tranche,
    report_value, ward,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DerivePartialModel, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use tokio::try_join;

use crate::domain::organisation::{Kind as OrganisationKind, KindRules};
use crate::domain::payment_schedule::TrancheStatus;
use crate::domain::project::ProjectStatus;
use crate::domain::report::ReportStatus;
use crate::error::AppError;
use crate::services::sum_i64;

/// A funded project, with nothing private in it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicGrant {
    pub award_id: i32,
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub status: ProjectStatus,
    pub amount_awarded_pence: i64,
    pub amount_applied_for_pence: i64,
    /// What has been paid so far.
    pub amount_paid_pence: i64,
    /// The day the award was made, in the council's time zone.
    pub award_date: NaiveDate,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub organisation: PublicOrganisation,
    /// In name order.
    pub wards: Vec<PublicWard>,
    /// In the Deal's outcome order.
    pub outcomes: Vec<PublicOutcome>,
    pub fund: Named,
    pub round: Named,
    /// From the latest accepted report; `None` until one is accepted.
    pub beneficiaries: Option<i64>,
    pub volunteers: Option<i64>,
    pub volunteer_hours: Option<i64>,
    /// Case studies the group agreed to share and an officer published, oldest first.
    pub case_studies: Vec<PublicCaseStudy>,
    /// The last time anything published about the grant changed.
    pub modified_at: DateTime<Utc>,
}

/// The organisation behind a funded project.
#[derive(Debug, Clone, Serialize)]
pub struct PublicOrganisation {
    pub id: i32,
    pub name: String,
    pub kind: OrganisationKind,
    pub kind_label: &'static str,
    pub charity_number: Option<String>,
    pub company_number: Option<String>,
    /// Only for registered charities and companies, whose addresses are public anyway:
    /// an unregistered group's postcode is often a volunteer's home.
    pub postcode: Option<String>,
}

/// A ward a project serves.
#[derive(Debug, Clone, Serialize)]
pub struct PublicWard {
    pub id: i32,
    pub name: String,
    /// The ONS ward code, e.g. `E05000841`.
    pub code: String,
}

/// A fund or a round, by name.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: i32,
    pub name: String,
    pub slug: String,
}

/// An outcome a project works towards, with its indicators.
#[derive(Debug, Clone, Serialize)]
pub struct PublicOutcome {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub indicators: Vec<PublicIndicator>,
}

/// One indicator: the project's target and what its latest accepted report says.
#[derive(Debug, Clone, Serialize)]
pub struct PublicIndicator {
    pub id: i32,
    pub name: String,
    pub unit: String,
    pub target: Option<i64>,
    pub achieved: Option<i64>,
}

/// A published case study.
#[derive(Debug, Clone, Serialize)]
pub struct PublicCaseStudy {
    pub report_id: i32,
    pub text: String,
    pub published_at: DateTime<Utc>,
}

/// What the public record needs of an application (not its long private answers).
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "application::Entity")]
struct ApplicationPart {
    id: i32,
    reference: Option<String>,
    organisation_id: i32,
    title: String,
    summary: String,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    requested_pence: i64,
}

/// What the public record needs of an organisation (not its contacts or bank details).
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "organisation::Entity")]
struct OrganisationPart {
    id: i32,
    name: String,
    kind: OrganisationKind,
    charity_number: Option<String>,
    company_number: Option<String>,
    postcode: String,
}

/// Each id once, for an `IN` list.
fn distinct(ids: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// What the public record needs of an accepted report (not its private narrative).
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "monitoring_report::Entity")]
struct ReportPart {
    id: i32,
    award_id: i32,
    beneficiaries: Option<i64>,
    volunteers: Option<i64>,
    volunteer_hours: Option<i64>,
    case_study: String,
    case_study_consent: bool,
    case_study_published_at: Option<DateTime<Utc>>,
    reviewed_at: Option<DateTime<Utc>>,
}

/// The public record of each award in `awards`, in the same order. Awards that are not
/// published (see [`ProjectStatus::of`]) or have no reference are left out.
pub async fn load<C: ConnectionTrait>(
    conn: &C,
    awards: Vec<award::Model>,
    tz: Tz,
) -> Result<Vec<PublicGrant>, AppError> {
    let awards: Vec<(award::Model, ProjectStatus)> = awards
        .into_iter()
        .filter_map(|a| {
            let status = ProjectStatus::of(a.status)?;
            Some((a, status))
        })
        .collect();
    if awards.is_empty() {
        return Ok(Vec::new());
    }
    let award_ids: Vec<i32> = awards.iter().map(|(a, _)| a.id).collect();
    let application_ids: Vec<i32> = awards.iter().map(|(a, _)| a.application_id).collect();

    // The queries that need only the awards run side by side, each on its own connection.
    let (applications, rounds, ward_links, outcome_links, targets, paid, accepted) = try_join!(
        application::Entity::find()
            .filter(application::Column::Id.is_in(application_ids.clone()))
            .into_partial_model::<ApplicationPart>()
            .all(conn),
        funding_round::Entity::find()
            .filter(
                funding_round::Column::Id.is_in(distinct(awards.iter().map(|(a, _)| a.round_id)))
            )
            .all(conn),
        application_ward::Entity::find()
            .filter(application_ward::Column::ApplicationId.is_in(application_ids.clone()))
            .all(conn),
        application_outcome::Entity::find()
            .filter(application_outcome::Column::ApplicationId.is_in(application_ids.clone()))
            .all(conn),
        application_target::Entity::find()
            .filter(application_target::Column::ApplicationId.is_in(application_ids.clone()))
            .all(conn),
        // What has been paid to each award, and when a payment last changed.
        payment_tranche::Entity::find()
            .select_only()
            .column(payment_tranche::Column::AwardId)
            .expr(sum_i64(payment_tranche::Column::AmountPence))
            .expr(Expr::col(payment_tranche::Column::UpdatedAt).max())
            .filter(payment_tranche::Column::AwardId.is_in(award_ids.clone()))
            .filter(payment_tranche::Column::Status.eq(TrancheStatus::Paid))
            .group_by(payment_tranche::Column::AwardId)
            .into_tuple::<(i32, i64, DateTime<Utc>)>()
            .all(conn),
        monitoring_report::Entity::find()
            .filter(monitoring_report::Column::AwardId.is_in(award_ids.clone()))
            .filter(monitoring_report::Column::Status.eq(ReportStatus::Accepted))
            .order_by_asc(monitoring_report::Column::Position)
            .into_partial_model::<ReportPart>()
            .all(conn),
    )?;
    let applications: HashMap<i32, ApplicationPart> =
        applications.into_iter().map(|a| (a.id, a)).collect();
    let rounds: HashMap<i32, funding_round::Model> =
        rounds.into_iter().map(|r| (r.id, r)).collect();

    let paid_of: HashMap<i32, (i64, Option<DateTime<Utc>>)> = paid
        .into_iter()
        .map(|(award_id, paid, last)| (award_id, (paid, Some(last))))
        .collect();
    // Each report gives totals to date, so the latest accepted one speaks for the project.
    let mut latest: HashMap<i32, &ReportPart> = HashMap::new();
    let mut case_studies: HashMap<i32, Vec<PublicCaseStudy>> = HashMap::new();
    for report in &accepted {
        latest.insert(report.award_id, report);
        if let Some(published_at) = report.case_study_published_at
            && report.case_study_consent
            && !report.case_study.trim().is_empty()
        {
            case_studies
                .entry(report.award_id)
                .or_default()
                .push(PublicCaseStudy {
                    report_id: report.id,
                    text: report.case_study.clone(),
                    published_at,
                });
        }
    }

    // An application's outcomes are the ones it chose, plus any whose indicators it set a
    // target for (older applications recorded targets only).
    let targeted: Vec<i32> = targets.iter().map(|t| t.indicator_id).collect();
    let (organisations, funds, wards, values, indicators) = try_join!(
        organisation::Entity::find()
            .filter(
                organisation::Column::Id
                    .is_in(distinct(applications.values().map(|a| a.organisation_id)))
            )
            .into_partial_model::<OrganisationPart>()
            .all(conn),
        fund::Entity::find()
            .filter(fund::Column::Id.is_in(distinct(rounds.values().map(|r| r.fund_id))))
            .all(conn),
        ward::Entity::find()
            .filter(ward::Column::Id.is_in(distinct(ward_links.iter().map(|l| l.ward_id))))
            .all(conn),
        report_value::Entity::find()
            .filter(report_value::Column::ReportId.is_in(latest.values().map(|r| r.id)))
            .all(conn),
        indicator::Entity::find()
            .filter(
                Condition::any()
                    .add(
                        indicator::Column::OutcomeId
                            .is_in(distinct(outcome_links.iter().map(|l| l.outcome_id)))
                    )
                    .add(indicator::Column::Id.is_in(distinct(targeted))),
            )
            .order_by_asc(indicator::Column::Position)
            .order_by_asc(indicator::Column::Id)
            .all(conn),
    )?;
    let organisations: HashMap<i32, OrganisationPart> =
        organisations.into_iter().map(|o| (o.id, o)).collect();
    let funds: HashMap<i32, fund::Model> = funds.into_iter().map(|f| (f.id, f)).collect();
    let wards: HashMap<i32, ward::Model> = wards.into_iter().map(|w| (w.id, w)).collect();
    let mut wards_of: HashMap<i32, Vec<PublicWard>> = HashMap::new();
    for link in &ward_links {
        if let Some(w) = wards.get(&link.ward_id) {
            wards_of
                .entry(link.application_id)
                .or_default()
                .push(PublicWard {
                    id: w.id,
                    name: w.name.clone(),
                    code: w.code.clone(),
                });
        }
    }
    let mut achieved_of: HashMap<(i32, i32), i64> = HashMap::new();
    for v in &values {
        if let Some(achieved) = v.achieved {
            achieved_of.insert((v.report_id, v.indicator_id), achieved);
        }
    }

    let mut target_of: HashMap<(i32, i32), i64> = HashMap::new();
    for t in &targets {
        target_of.insert((t.application_id, t.indicator_id), t.target);
    }
    let mut outcome_ids_of: HashMap<i32, Vec<i32>> = HashMap::new();
    for link in &outcome_links {
        outcome_ids_of
            .entry(link.application_id)
            .or_default()
            .push(link.outcome_id);
    }
    let outcome_of_indicator: HashMap<i32, i32> =
        indicators.iter().map(|i| (i.id, i.outcome_id)).collect();
    for t in &targets {
        if let Some(outcome_id) = outcome_of_indicator.get(&t.indicator_id) {
            outcome_ids_of
                .entry(t.application_id)
                .or_default()
                .push(*outcome_id);
        }
    }
    let outcomes: HashMap<i32, outcome::Model> = outcome::Entity::find()
        .filter(outcome::Column::Id.is_in(distinct(outcome_ids_of.values().flatten().copied())))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut outcomes_of: HashMap<i32, BTreeMap<(i32, i32), i32>> = HashMap::new();
    for (application_id, ids) in &outcome_ids_of {
        for id in ids {
            if let Some(o) = outcomes.get(id) {
                outcomes_of
                    .entry(*application_id)
                    .or_default()
                    .insert((o.position, o.id), o.id);
            }
        }
    }

    let mut grants = Vec::with_capacity(awards.len());
    for (award, status) in awards {
        let Some(app) = applications.get(&award.application_id) else {
            continue;
        };
        let Some(reference) = app.reference.clone() else {
            continue;
        };
        let (Some(org), Some(round)) = (
            organisations.get(&app.organisation_id),
            rounds.get(&award.round_id),
        ) else {
            continue;
        };
        let Some(fund) = funds.get(&round.fund_id) else {
            continue;
        };
        let report = latest.get(&award.id).copied();
        let public_outcomes = outcomes_of
            .get(&app.id)
            .map(|ids| {
                ids.values()
                    .filter_map(|id| outcomes.get(id))
                    .map(|o| PublicOutcome {
                        id: o.id,
                        code: o.code.clone(),
                        title: o.title.clone(),
                        indicators: indicators
                            .iter()
                            .filter(|i| i.outcome_id == o.id)
                            .filter_map(|i| {
                                let target = target_of.get(&(app.id, i.id)).copied();
                                let achieved =
                                    report.and_then(|r| achieved_of.get(&(r.id, i.id)).copied());
                                (target.is_some() || achieved.is_some()).then(|| PublicIndicator {
                                    id: i.id,
                                    name: i.name.clone(),
                                    unit: i.unit.clone(),
                                    target,
                                    achieved,
                                })
                            })
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut wards = wards_of.remove(&app.id).unwrap_or_default();
        wards.sort_by(|a, b| a.name.cmp(&b.name));
        let (amount_paid_pence, last_paid) = paid_of.get(&award.id).copied().unwrap_or_default();
        let modified_at = [
            Some(award.updated_at),
            last_paid,
            report.and_then(|r| r.reviewed_at),
            case_studies
                .get(&award.id)
                .and_then(|c| c.iter().map(|c| c.published_at).max()),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(award.updated_at);
        let registered = org.charity_number.is_some() || org.company_number.is_some();
        grants.push(PublicGrant {
            award_id: award.id,
            reference,
            title: app.title.clone(),
            summary: app.summary.clone(),
            status,
            amount_awarded_pence: award.amount_pence,
            amount_applied_for_pence: app.requested_pence,
            amount_paid_pence,
            award_date: award.offered_at.with_timezone(&tz).date_naive(),
            planned_start: app.start_date,
            planned_end: app.end_date,
            organisation: PublicOrganisation {
                id: org.id,
                name: org.name.clone(),
                kind: org.kind,
                kind_label: org.kind.label(),
                charity_number: org.charity_number.clone(),
                company_number: org.company_number.clone(),
                postcode: registered.then(|| org.postcode.clone()),
            },
            wards,
            outcomes: public_outcomes,
            fund: Named {
                id: fund.id,
                name: fund.name.clone(),
                slug: fund.slug.clone(),
            },
            round: Named {
                id: round.id,
                name: round.name.clone(),
                slug: round.slug.clone(),
            },
            beneficiaries: report.and_then(|r| r.beneficiaries),
            volunteers: report.and_then(|r| r.volunteers),
            volunteer_hours: report.and_then(|r| r.volunteer_hours),
            case_studies: case_studies.remove(&award.id).unwrap_or_default(),
            modified_at,
        });
    }
    Ok(grants)
}
