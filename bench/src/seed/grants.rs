//! Organisations and their applications, grants among them, with everything a grant
//! has: wards, outcomes, targets, the award, its payments and its reports.

use super::*;
use dealfund::domain::organisation::KindRules;

#[allow(clippy::too_many_arguments)]
pub(super) async fn seed_organisations(
    db: &DatabaseConnection,
    report: &mut SeedReport,
    ids: &mut Ids,
    count: usize,
    hash: &str,
    now: DateTime<Utc>,
    rng: &mut Rng,
) -> Result<(), AppError> {
    let mut start = 0;
    while start < count {
        let end = (start + BATCH * 3).min(count);
        let txn = db.begin().await?;
        let mut orgs = Vec::new();
        let mut users = Vec::new();
        let mut members = Vec::new();
        for i in start..end {
            let org_id = take(&mut ids.organisation);
            let user_id = take(&mut ids.user);
            orgs.push(organisation_row(org_id, i, now, rng));
            users.push(account(
                user_id,
                &format!("bench-applicant-{i}@example.org"),
                &format!("Applicant {i}"),
                Role::Applicant,
                hash,
                now,
            ));
            members.push(member_row(take(&mut ids.member), org_id, user_id, now));
        }
        insert_all(&txn, report, "organisation", 11, orgs).await?;
        insert_all(&txn, report, "users", 12, users).await?;
        insert_all(&txn, report, "organisation_member", 5, members).await?;
        txn.commit().await?;
        start = end;
    }
    Ok(())
}

pub(super) fn organisation_row(
    id: i32,
    i: usize,
    now: DateTime<Utc>,
    rng: &mut Rng,
) -> organisation::ActiveModel {
    let kind = *rng.pick(KINDS);
    let activity = rng.pick(ACTIVITIES);
    let place = rng.pick(PLACES);
    organisation::Model {
        id,
        name: format!("{place} {activity} {i}"),
        kind,
        charity_number: kind
            .needs_charity_number()
            .then(|| format!("{}", 1_000_000 + i % 999_999)),
        company_number: kind
            .needs_company_number()
            .then(|| format!("{:08}", 10_000_000 + i % 89_999_999)),
        postcode: format!("AS{} {}AB", 1 + i % 9, i % 10),
        ward_id: None,
        website: (i % 3 == 0).then(|| format!("https://group{i}.example.org")),
        phone: None,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
}

pub(super) fn member_row(
    id: i32,
    organisation_id: i32,
    user_id: i32,
    now: DateTime<Utc>,
) -> organisation_member::ActiveModel {
    organisation_member::Model {
        id,
        organisation_id,
        user_id,
        is_owner: true,
        created_at: now,
    }
    .into_active_model()
}

pub(super) struct AppPlan {
    pub(super) round_id: i32,
    pub(super) year: i32,
    pub(super) organisation_id: i32,
    pub(super) user_id: i32,
    pub(super) status: application::Status,
    pub(super) grant: bool,
}

/// One batch of rows, table by table.
#[derive(Default)]
pub(super) struct Rows {
    applications: Vec<application::ActiveModel>,
    wards: Vec<application_ward::ActiveModel>,
    outcomes: Vec<application_outcome::ActiveModel>,
    targets: Vec<application_target::ActiveModel>,
    awards: Vec<award::ActiveModel>,
    tranches: Vec<payment_tranche::ActiveModel>,
    reports: Vec<monitoring_report::ActiveModel>,
    values: Vec<report_value::ActiveModel>,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn application_row(
    id: i32,
    reference: Option<String>,
    round_id: i32,
    organisation_id: i32,
    created_by: i32,
    status: application::Status,
    submitted_at: Option<DateTime<Utc>>,
    start: NaiveDate,
    requested: i64,
    rng: &mut Rng,
    now: DateTime<Utc>,
) -> application::ActiveModel {
    let activity = rng.pick(ACTIVITIES);
    let place = rng.pick(PLACES);
    application::Model {
        id,
        reference,
        round_id,
        organisation_id,
        created_by,
        status,
        version: 1,
        title: format!("{activity} for {place}"),
        summary: format!(
            "A {} in {place}, run by local volunteers, open to everyone and free at the point of use.",
            activity.to_lowercase()
        ),
        start_date: Some(start),
        end_date: Some(start + Duration::days(364)),
        requested_pence: requested,
        section_state: "{}".into(),
        quiz_answers: "{}".into(),
        declaration_true: submitted_at.is_some(),
        declaration_consent: submitted_at.is_some(),
        declaration_name: if submitted_at.is_some() { "Pat Signer".into() } else { String::new() },
        officer_message: None,
        resubmit_by: None,
        submitted_at,
        withdrawn_at: (status == application::Status::Withdrawn).then_some(now),
        created_at: submitted_at.unwrap_or(now),
        updated_at: submitted_at.unwrap_or(now),
    }
    .into_active_model()
}

impl Rows {
    pub(super) fn application(
        &mut self,
        ids: &mut Ids,
        scheme: &Scheme,
        plan: &AppPlan,
        sequence: &mut BTreeMap<i32, i32>,
        rng: &mut Rng,
        now: DateTime<Utc>,
    ) {
        let id = take(&mut ids.application);
        let submitted = plan.status != application::Status::Draft;
        let reference = submitted.then(|| {
            let last = sequence.entry(plan.year).or_insert(0);
            *last += 1;
            format!("{REFERENCE_PREFIX}-{}-{:05}", plan.year, *last)
        });
        let day = NaiveDate::from_ymd_opt(plan.year, 1, 10).unwrap_or_default();
        let submitted_at = submitted.then(|| noon(day + Duration::days(rng.below(50) as i64)));
        let requested = 50_000 + 500 * rng.below(9_000) as i64;
        let start = NaiveDate::from_ymd_opt(plan.year, 4, 1).unwrap_or_default();
        self.applications.push(application_row(
            id,
            reference,
            plan.round_id,
            plan.organisation_id,
            plan.user_id,
            plan.status,
            submitted_at,
            start,
            requested,
            rng,
            now,
        ));
        let ward_count = 1 + rng.below(2);
        let first_ward = rng.below(scheme.ward_ids.len());
        for w in 0..ward_count {
            self.wards.push(
                application_ward::Model {
                    id: take(&mut ids.app_ward),
                    application_id: id,
                    ward_id: scheme.ward_ids[(first_ward + w * 7) % scheme.ward_ids.len()],
                }
                .into_active_model(),
            );
        }
        let first_outcome = rng.below(scheme.outcomes.len());
        let chosen: Vec<(i32, [i32; 2])> = (0..1 + rng.below(2))
            .map(|k| scheme.outcomes[(first_outcome + k * 2) % scheme.outcomes.len()])
            .collect();
        for (outcome_id, indicators) in &chosen {
            self.outcomes.push(
                application_outcome::Model {
                    id: take(&mut ids.app_outcome),
                    application_id: id,
                    outcome_id: *outcome_id,
                    measurement: "Sign-in sheets and a short survey each term.".into(),
                }
                .into_active_model(),
            );
            self.targets.push(
                application_target::Model {
                    id: take(&mut ids.target),
                    application_id: id,
                    indicator_id: indicators[0],
                    target: 20 + rng.below(400) as i64,
                }
                .into_active_model(),
            );
        }

        let award_status = if plan.grant {
            // Older grants are completed; recent ones accepted or under way.
            match (plan.year, rng.below(10)) {
                (y, _) if y <= FIRST_YEAR + 4 => award::Status::Completed,
                (_, 0..=2) => award::Status::Accepted,
                (_, 3..=7) => award::Status::Active,
                _ => award::Status::Completed,
            }
        } else if plan.status == application::Status::Awarded {
            [
                award::Status::Offered,
                award::Status::Refused,
                award::Status::Cancelled,
            ][rng.below(3)]
        } else {
            return;
        };
        let award_id = take(&mut ids.award);
        let amount = requested - 500 * rng.below(20) as i64;
        let offered_at = submitted_at.unwrap_or(now) + Duration::days(40 + rng.below(30) as i64);
        self.awards.push(
            award::Model {
                id: award_id,
                application_id: id,
                round_id: plan.round_id,
                amount_pence: amount,
                conditions: String::new(),
                status: award_status,
                offered_at,
                responded_at: (award_status != award::Status::Offered)
                    .then(|| offered_at + Duration::days(5)),
                accepted_by_name: matches!(
                    award_status,
                    award::Status::Accepted | award::Status::Active | award::Status::Completed
                )
                .then(|| "Pat Signer".to_owned()),
                created_at: offered_at,
                updated_at: offered_at,
            }
            .into_active_model(),
        );
        use payment_tranche::Status as T;
        let tranches: &[T] = match award_status {
            award::Status::Completed => &[T::Paid, T::Paid],
            award::Status::Active => &[T::Paid, T::Scheduled],
            award::Status::Accepted => &[T::Scheduled],
            _ => &[],
        };
        let count = tranches.len() as i64;
        for (p, status) in tranches.iter().enumerate() {
            let due = offered_at.date_naive() + Duration::days(180 * p as i64);
            self.tranches.push(
                payment_tranche::Model {
                    id: take(&mut ids.tranche),
                    award_id,
                    position: p as i32 + 1,
                    due_date: due,
                    amount_pence: amount / count + if p == 0 { amount % count } else { 0 },
                    status: *status,
                    paid_date: (*status == T::Paid).then_some(due),
                    finance_reference: (*status == T::Paid).then(|| format!("FIN-{award_id}-{p}")),
                    withheld_reason: None,
                    created_at: offered_at,
                    updated_at: offered_at,
                }
                .into_active_model(),
            );
        }
        let reports = match award_status {
            award::Status::Completed => 2,
            award::Status::Active => 1,
            _ => 0,
        };
        for p in 0..reports {
            let report_id = take(&mut ids.report);
            let published =
                award_status == award::Status::Completed && p == 1 && rng.below(20) == 0;
            let due = offered_at.date_naive() + Duration::days(182 * (p as i64 + 1));
            let at = noon(due);
            self.reports.push(
                monitoring_report::Model {
                    id: report_id,
                    award_id,
                    position: p + 1,
                    is_final: award_status == award::Status::Completed && p == 1,
                    due_date: due,
                    status: monitoring_report::Status::Accepted,
                    version: 1,
                    beneficiaries: Some(10 + rng.below(300) as i64),
                    volunteers: Some(1 + rng.below(30) as i64),
                    volunteer_hours: Some(10 + rng.below(900) as i64),
                    spend_to_date_pence: Some(amount / 2 * (p as i64 + 1)),
                    went_well: "More people came than we planned for.".into(),
                    was_hard: "Finding a regular venue.".into(),
                    case_study: if published {
                        "One of our regulars had not left the house for months before joining; \
                         now she runs the Tuesday session."
                            .into()
                    } else {
                        String::new()
                    },
                    case_study_consent: published,
                    officer_message: None,
                    submitted_at: Some(at),
                    reviewed_at: Some(at + Duration::days(7)),
                    reviewed_by: None,
                    created_at: at,
                    updated_at: at,
                    case_study_published_at: published.then(|| at + Duration::days(10)),
                }
                .into_active_model(),
            );
            for (_, indicators) in &chosen {
                self.values.push(
                    report_value::Model {
                        id: take(&mut ids.value),
                        report_id,
                        indicator_id: indicators[0],
                        achieved: Some(10 + rng.below(300) as i64),
                    }
                    .into_active_model(),
                );
            }
        }
    }

    pub(super) async fn write<C: ConnectionTrait>(
        self,
        conn: &C,
        report: &mut SeedReport,
    ) -> Result<(), AppError> {
        insert_all(conn, report, "application", 23, self.applications).await?;
        insert_all(conn, report, "application_ward", 3, self.wards).await?;
        insert_all(conn, report, "application_outcome", 4, self.outcomes).await?;
        insert_all(conn, report, "application_target", 4, self.targets).await?;
        insert_all(conn, report, "award", 11, self.awards).await?;
        insert_all(conn, report, "payment_tranche", 11, self.tranches).await?;
        insert_all(conn, report, "monitoring_report", 22, self.reports).await?;
        insert_all(conn, report, "report_value", 4, self.values).await?;
        Ok(())
    }
}
