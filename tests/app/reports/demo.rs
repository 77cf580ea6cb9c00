//! The demo leaves Small grants 2025 with reports in every state.

use std::collections::HashSet;

use dealfund::domain::report::{self, ReportStatus};
use dealfund::services::publishing::impact::impact;
use dealfund::services::publishing::query::GrantFilter;
use entity::{award, funding_round, monitoring_report};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::TestApp;

#[rocket::async_test]
async fn the_demo_seeds_reports_in_every_state_including_overdue() {
    let app = TestApp::new().await;
    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .expect("seed the demo");
    let round = funding_round::Entity::find()
        .filter(funding_round::Column::Slug.eq("small-grants-2025"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the round");
    let awards: Vec<i32> = award::Entity::find()
        .filter(award::Column::RoundId.eq(round.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    let all = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.is_in(awards))
        .all(&app.db)
        .await
        .unwrap();
    let states: HashSet<_> = all.iter().map(|r| r.status).collect();
    for state in [
        ReportStatus::Due,
        ReportStatus::Submitted,
        ReportStatus::Accepted,
        ReportStatus::ChangesRequested,
    ] {
        assert!(states.contains(&state), "{state:?} in {states:?}");
    }
    let today = report::today(app.clock.now(), app.config.time_zone);
    assert!(
        all.iter()
            .any(|r| { report::is_overdue(r.status, r.due_date, today) })
    );
    assert!(
        all.iter()
            .any(|r| r.status == ReportStatus::Due && r.due_date >= today)
    );
    assert!(
        all.iter()
            .filter(|r| r.status == ReportStatus::ChangesRequested)
            .all(|r| r.officer_message.is_some())
    );
    let achieved = impact(
        &app.db,
        &GrantFilter {
            round_id: Some(round.id),
            ..Default::default()
        },
        app.config.time_zone,
    )
    .await
    .unwrap();
    assert!(achieved.totals.projects_reporting >= 1);
    assert!(achieved.totals.beneficiaries > 0);
    assert!(achieved.indicators.iter().any(|i| i.achieved > 0));
}
