//! The benchmark at a tiny scale, so that it never rots: bench-seed fills the database,
//! then every scenario runs for a few requests over real HTTP. No timings are checked.

mod support;

use std::time::Duration;

use dealfund_bench::load::{self, Options};
use dealfund_bench::seed::{self, SeedSize};
use entity::{application, award, review};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use support::TestApp;

fn tiny() -> SeedSize {
    SeedSize {
        grants: 60,
        applications: 30,
        moderation: 12,
        rush: 5,
    }
}

#[rocket::async_test]
async fn bench_seed_writes_grants_in_every_state_and_a_reviewed_round() {
    let app = TestApp::new().await;

    let report = seed::seed(&app.db, &tiny(), app.clock.now())
        .await
        .expect("seed");

    let published = award::Entity::find()
        .filter(award::Column::Status.is_in(["accepted", "active", "completed"]))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(published, 60);
    for status in ["draft", "submitted", "eligible", "withdrawn", "declined"] {
        let n = application::Entity::find()
            .filter(application::Column::Status.eq(status))
            .count(&app.db)
            .await
            .unwrap();
        assert!(n > 0, "no application is {status}");
    }
    let reviews = review::Entity::find().count(&app.db).await.unwrap();
    assert!((36..=60).contains(&reviews), "{reviews} reviews");
    assert!(report.rows() > 0);
    assert!(report.to_string().contains("application"));
}

#[rocket::async_test]
async fn bench_seed_refuses_a_database_that_already_has_applications() {
    let app = TestApp::new().await;
    seed::seed(&app.db, &tiny(), app.clock.now())
        .await
        .expect("seed");

    let again = seed::seed(&app.db, &tiny(), app.clock.now()).await;

    assert!(again.is_err());
}

#[rocket::async_test]
async fn every_benchmark_scenario_runs_and_answers_as_expected() {
    let app = TestApp::new().await;
    seed::seed(&app.db, &tiny(), app.clock.now())
        .await
        .expect("seed");
    let options = Options {
        clients: 2,
        duration: Duration::from_secs(30),
        max_per_client: Some(2),
        sign_in_clients: 2,
        ..Options::default()
    };

    let table = load::run(app.figment(), app.config.clone(), app.db.clone(), options)
        .await
        .expect("the benchmark runs");

    let printed = table.to_string();
    for scenario in [
        "trivial route",
        "/projects page 1",
        "/projects with filters",
        "/projects deep pages",
        "/projects/<reference>",
        "/impact",
        "/api/v1/projects",
        "/data/360giving.json",
        "moderation board",
        "deadline rush",
        "sign-in flood",
        "/projects during the sign-in flood",
    ] {
        let row = table
            .rows
            .iter()
            .find(|r| r.scenario.starts_with(scenario))
            .unwrap_or_else(|| panic!("no row for {scenario}:\n{printed}"));
        assert!(row.requests > 0, "{scenario} made no requests");
        assert_eq!(row.failures, 0, "{scenario} failed:\n{printed}");
        assert!(printed.contains(&format!("| {}", row.scenario)));
    }
    assert_eq!(table.published_grants, 60);
    let rush = table
        .rows
        .iter()
        .find(|r| r.scenario.starts_with("deadline rush"))
        .unwrap();
    assert_eq!(
        rush.requests, 10,
        "5 applicants, each saving and submitting"
    );
    let submitted = application::Entity::find()
        .filter(application::Column::Status.eq("submitted"))
        .filter(application::Column::Title.is_not_null())
        .count(&app.db)
        .await
        .unwrap();
    assert!(submitted >= 5);
}
