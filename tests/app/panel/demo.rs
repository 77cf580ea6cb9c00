//! The demo's panels and reviews.

use std::collections::HashMap;

use dealfund::tools::demo::{DEMO_PASSWORD, seed};
use entity::{criterion, funding_round, review, review_score};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::TestApp;

/// A review's weighted score out of 100.
fn weighted(scores: &[review_score::Model], weights: &HashMap<i32, i32>) -> f64 {
    let (mut got, mut most) = (0.0, 0.0);
    for s in scores {
        let w = f64::from(weights.get(&s.criterion_id).copied().unwrap_or(0));
        got += w * f64::from(s.score.unwrap_or(0));
        most += w * 5.0;
    }
    got / most * 100.0
}

#[rocket::async_test]
async fn the_demo_seeds_reviews_in_every_state_and_a_demo_panel_member_sees_them() {
    let app = TestApp::new().await;
    seed(&app.db, &app.clock).await.expect("seed the demo");
    let reviews = review::Entity::find().all(&app.db).await.unwrap();
    assert!(
        reviews
            .iter()
            .any(|r| r.status == entity::review::Status::Draft)
    );
    assert!(
        reviews
            .iter()
            .any(|r| r.status == entity::review::Status::Submitted)
    );
    assert!(reviews.iter().any(|r| r.reopened_reason.is_some()));
    let big = funding_round::Entity::find()
        .filter(funding_round::Column::Slug.eq("big-ideas-2026"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let conflicts = dealfund::services::panel::conflicts_for_round(&app.db, big.id)
        .await
        .unwrap();
    assert_eq!(conflicts.len(), 1);

    // Two submitted reviews of one application more than 20 points apart.
    let weights: HashMap<i32, i32> = criterion::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.weight))
        .collect();
    let scores = review_score::Entity::find().all(&app.db).await.unwrap();
    let mut by_application: HashMap<i32, Vec<f64>> = HashMap::new();
    for r in reviews
        .iter()
        .filter(|r| r.status == entity::review::Status::Submitted)
    {
        let mine: Vec<review_score::Model> = scores
            .iter()
            .filter(|s| s.review_id == r.id)
            .cloned()
            .collect();
        by_application
            .entry(r.application_id)
            .or_default()
            .push(weighted(&mine, &weights));
    }
    assert!(
        by_application.values().any(|w| {
            let max = w.iter().cloned().fold(f64::MIN, f64::max);
            let min = w.iter().cloned().fold(f64::MAX, f64::min);
            max - min > 20.0
        }),
        "{by_application:?}"
    );

    let browser = app.client().await;
    assert_eq!(
        browser
            .login("panel1@example.org", DEMO_PASSWORD)
            .await
            .status,
        Status::SeeOther
    );
    let index = browser.get("/panel").await;
    assert!(index.body.contains("Big ideas 2026"));
    assert!(index.body.contains("Small grants 2025"));
    let round = browser.get("/panel/rounds/big-ideas-2026").await;
    assert_eq!(round.status, Status::Ok);
    for standing in ["Submitted", "Conflict declared", "Draft"] {
        assert!(round.body.contains(standing), "{standing}");
    }
    let small = browser.get("/panel/rounds/small-grants-2025").await;
    assert!(small.body.contains("Submitted"));
    assert!(!small.body.contains("To declare"));
    let mine = reviews
        .iter()
        .find(|r| r.status == entity::review::Status::Submitted && r.application_id != 0)
        .unwrap();
    let officer = app.client().await;
    officer.login("officer@example.org", DEMO_PASSWORD).await;
    for slug in ["big-ideas-2026", "small-grants-2025"] {
        assert_eq!(
            officer
                .get(&format!("/officer/rounds/{slug}/panel"))
                .await
                .status,
            Status::Ok
        );
    }
    assert_eq!(
        officer
            .get(&format!("/officer/reviews/{}/reopen", mine.id))
            .await
            .status,
        Status::Ok
    );
}
