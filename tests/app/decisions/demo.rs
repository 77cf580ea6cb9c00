//! The demo's decided round.

use entity::{application, award, decision, funding_round, user::Role};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::TestApp;

async fn round(app: &TestApp, slug: &str) -> funding_round::Model {
    funding_round::Entity::find()
        .filter(funding_round::Column::Slug.eq(slug))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo round")
}

#[rocket::async_test]
async fn the_demo_decides_small_grants_2025_within_budget_and_leaves_big_ideas_open() {
    let app = TestApp::new().await;
    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .expect("seed the demo");
    let small = round(&app, "small-grants-2025").await;
    let big = round(&app, "big-ideas-2026").await;

    let awards = award::Entity::find()
        .filter(award::Column::RoundId.eq(small.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        awards
            .iter()
            .any(|a| a.status == entity::award::Status::Accepted && a.accepted_by_name.is_some())
    );
    assert!(
        awards
            .iter()
            .any(|a| a.status == entity::award::Status::Offered)
    );
    let committed = dealfund::services::rounds::committed_in_round(&app.db, small.id)
        .await
        .unwrap();
    assert!(committed > 0 && committed <= small.budget_pence);
    let statuses: Vec<application::Status> = application::Entity::find()
        .filter(application::Column::RoundId.eq(small.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.status)
        .collect();
    for status in [
        application::Status::Awarded,
        application::Status::Reserve,
        application::Status::Declined,
    ] {
        assert!(statuses.contains(&status), "{status:?}");
    }
    assert!(
        !statuses.contains(&application::Status::Eligible),
        "every eligible bid is decided"
    );
    let declines = decision::Entity::find()
        .filter(decision::Column::Outcome.eq("decline"))
        .all(&app.db)
        .await
        .unwrap();
    assert!(!declines.is_empty() && declines.iter().all(|d| !d.feedback.is_empty()));
    let big_decisions = decision::Entity::find()
        .filter(decision::Column::RoundId.eq(big.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(big_decisions.is_empty());

    let (officer, _) = app.login_as(Role::Officer).await;
    let board = officer
        .get("/officer/rounds/small-grants-2025/moderation")
        .await;
    assert_eq!(board.status, Status::Ok, "{}", board.body);
    assert!(board.body.contains("Decided: Awarded"));
    assert!(board.body.contains("Accepted award"));
    let funds = officer.get("/officer/funds").await;
    assert!(funds.body.contains(&dealfund::format::money(committed)));
}
