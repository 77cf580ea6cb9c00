//! The two rounds the load benchmark needs: one of reviewed applications to moderate,
//! one open round of drafts for the deadline rush.

use super::*;

/// The round in assessment: `count` eligible applications, each with 3 to 5 submitted
/// reviews scored on five criteria by a panel of eight. Returns the fund it is in.
#[allow(clippy::too_many_arguments)]
pub(super) async fn seed_moderation<C: ConnectionTrait>(
    conn: &C,
    report: &mut SeedReport,
    ids: &mut Ids,
    count: usize,
    hash: &str,
    now: DateTime<Utc>,
    sequence: &mut BTreeMap<i32, i32>,
    rng: &mut Rng,
) -> Result<i32, AppError> {
    use chrono::Datelike;
    let fund_id = next_id(conn, "fund").await?;
    insert_all(
        conn,
        report,
        "fund",
        6,
        vec![
            fund::Model {
                id: fund_id,
                name: "Bench Assessment Fund".into(),
                slug: "bench-assessment".into(),
                description: "The rounds the benchmark moderates and applies to.".into(),
                created_at: now,
                updated_at: now,
            }
            .into_active_model(),
        ],
    )
    .await?;
    let round_id = next_id(conn, "funding_round").await?;
    insert_all(
        conn,
        report,
        "funding_round",
        22,
        vec![round_model(
            round_id,
            fund_id,
            "Bench moderation round".into(),
            MODERATION_ROUND.into(),
            now - Duration::days(90),
            now - Duration::days(30),
            funding_round::Status::Assessment,
            now,
        )],
    )
    .await?;
    let first_criterion = next_id(conn, "criterion").await?;
    let criteria: Vec<i32> = (0..5).map(|i| first_criterion + i).collect();
    let criterion_rows = criteria
        .iter()
        .enumerate()
        .map(|(i, id)| {
            criterion::Model {
                id: *id,
                round_id,
                title: [
                    "Need",
                    "Reach",
                    "Deliverability",
                    "Value for money",
                    "Legacy",
                ][i]
                    .into(),
                guidance: String::new(),
                weight: [30, 20, 20, 20, 10][i],
                outcome_id: None,
                position: i as i32 + 1,
            }
            .into_active_model()
        })
        .collect();
    insert_all(conn, report, "criterion", 7, criterion_rows).await?;

    let panel: Vec<i32> = (0..8).map(|_| take(&mut ids.user)).collect();
    let panel_users = panel
        .iter()
        .enumerate()
        .map(|(i, id)| {
            account(
                *id,
                &format!("bench-panel-{i}@example.org"),
                &format!("Panel member {i}"),
                Role::Panel,
                hash,
                now,
            )
        })
        .collect();
    insert_all(conn, report, "users", 12, panel_users).await?;
    let first_rpm = next_id(conn, "round_panel_member").await?;
    let rpm = panel
        .iter()
        .enumerate()
        .map(|(i, user_id)| {
            round_panel_member::Model {
                id: first_rpm + i as i32,
                round_id,
                user_id: *user_id,
                created_at: now,
            }
            .into_active_model()
        })
        .collect();
    insert_all(conn, report, "round_panel_member", 4, rpm).await?;

    let mut orgs = Vec::new();
    let mut users = Vec::new();
    let mut members = Vec::new();
    let mut apps = Vec::new();
    let mut assignments = Vec::new();
    let mut declarations = Vec::new();
    let mut reviews = Vec::new();
    let mut scores = Vec::new();
    let mut assignment_id = next_id(conn, "review_assignment").await?;
    let mut declaration_id = next_id(conn, "conflict_declaration").await?;
    let mut review_id = next_id(conn, "review").await?;
    let mut score_id = next_id(conn, "review_score").await?;
    let year = now.year();
    let submitted_at = now - Duration::days(40);
    for i in 0..count {
        let org_id = take(&mut ids.organisation);
        let user_id = take(&mut ids.user);
        orgs.push(organisation_row(org_id, 1_000_000 + i, now, rng));
        users.push(account(
            user_id,
            &format!("bench-assessed-{i}@example.org"),
            &format!("Assessed applicant {i}"),
            Role::Applicant,
            hash,
            now,
        ));
        members.push(member_row(take(&mut ids.member), org_id, user_id, now));
        let app_id = take(&mut ids.application);
        let last = sequence.entry(year).or_insert(0);
        *last += 1;
        let reference = format!("{REFERENCE_PREFIX}-{year}-{:05}", *last);
        let start = (now + Duration::days(60)).date_naive();
        apps.push(application_row(
            app_id,
            Some(reference),
            round_id,
            org_id,
            user_id,
            application::Status::Eligible,
            Some(submitted_at),
            start,
            50_000 + 500 * rng.below(9_000) as i64,
            rng,
            now,
        ));
        let reviewers = 3 + rng.below(3);
        let first = rng.below(panel.len());
        let base = 1 + rng.below(5) as i32;
        for r in 0..reviewers {
            let reviewer = panel[(first + r) % panel.len()];
            assignments.push(
                review_assignment::Model {
                    id: take(&mut assignment_id),
                    application_id: app_id,
                    reviewer_id: reviewer,
                    created_at: now,
                }
                .into_active_model(),
            );
            declarations.push(
                conflict_declaration::Model {
                    id: take(&mut declaration_id),
                    application_id: app_id,
                    reviewer_id: reviewer,
                    has_conflict: false,
                    nature: String::new(),
                    declared_at: submitted_at,
                }
                .into_active_model(),
            );
            let id = take(&mut review_id);
            let score = (base + rng.below(3) as i32 - 1).clamp(0, 5);
            reviews.push(
                review::Model {
                    id,
                    application_id: app_id,
                    reviewer_id: reviewer,
                    status: review::Status::Submitted,
                    recommendation: Some(
                        match score {
                            4 | 5 => "fund",
                            3 => "fund_in_part",
                            _ => "do_not_fund",
                        }
                        .into(),
                    ),
                    overall_comment: "Clear and credible, with local evidence.".into(),
                    submitted_at: Some(submitted_at + Duration::days(10)),
                    reopened_reason: None,
                    created_at: submitted_at,
                    updated_at: submitted_at,
                }
                .into_active_model(),
            );
            for c in &criteria {
                scores.push(
                    review_score::Model {
                        id: take(&mut score_id),
                        review_id: id,
                        criterion_id: *c,
                        score: Some((score + rng.below(2) as i32).min(5)),
                        comment: String::new(),
                    }
                    .into_active_model(),
                );
            }
        }
    }
    insert_all(conn, report, "organisation", 11, orgs).await?;
    insert_all(conn, report, "users", 12, users).await?;
    insert_all(conn, report, "organisation_member", 5, members).await?;
    insert_all(conn, report, "application", 23, apps).await?;
    insert_all(conn, report, "review_assignment", 4, assignments).await?;
    insert_all(conn, report, "conflict_declaration", 6, declarations).await?;
    insert_all(conn, report, "review", 10, reviews).await?;
    insert_all(conn, report, "review_score", 5, scores).await?;
    Ok(fund_id)
}

/// An open round closing in two hours, and `count` applicants each with a draft in it.
#[allow(clippy::too_many_arguments)]
pub(super) async fn seed_rush<C: ConnectionTrait>(
    conn: &C,
    report: &mut SeedReport,
    ids: &mut Ids,
    count: usize,
    hash: &str,
    now: DateTime<Utc>,
    fund_id: i32,
    rng: &mut Rng,
) -> Result<(), AppError> {
    let round_id = next_id(conn, "funding_round").await?;
    insert_all(
        conn,
        report,
        "funding_round",
        22,
        vec![round_model(
            round_id,
            fund_id,
            "Bench deadline round".into(),
            RUSH_ROUND.into(),
            now - Duration::days(30),
            now + Duration::hours(2),
            funding_round::Status::Published,
            now,
        )],
    )
    .await?;
    let mut orgs = Vec::new();
    let mut users = Vec::new();
    let mut members = Vec::new();
    let mut apps = Vec::new();
    for i in 0..count {
        let org_id = take(&mut ids.organisation);
        let user_id = take(&mut ids.user);
        orgs.push(organisation_row(org_id, 2_000_000 + i, now, rng));
        users.push(account(
            user_id,
            &rush_email(i),
            &format!("Rushed applicant {i}"),
            Role::Applicant,
            hash,
            now,
        ));
        members.push(member_row(take(&mut ids.member), org_id, user_id, now));
        let start = (now + Duration::days(90)).date_naive();
        let mut draft = application_row(
            take(&mut ids.application),
            None,
            round_id,
            org_id,
            user_id,
            application::Status::Draft,
            None,
            start,
            100_000,
            rng,
            now,
        );
        // Everything done but the declaration: the last section, saved in the rush.
        draft.section_state = sea_orm::ActiveValue::Set(RUSH_SECTIONS.into());
        apps.push(draft);
    }
    insert_all(conn, report, "organisation", 11, orgs).await?;
    insert_all(conn, report, "users", 12, users).await?;
    insert_all(conn, report, "organisation_member", 5, members).await?;
    insert_all(conn, report, "application", 23, apps).await?;
    Ok(())
}

/// The sign-in name of the `i`th deadline-rush applicant.
pub fn rush_email(i: usize) -> String {
    format!("bench-rush-{i}@example.org")
}
