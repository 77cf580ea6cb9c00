//! The impact dashboard: totals and breakdowns against hand-counted figures, charts with
//! titles and tables beside them.

use rocket::http::Status;
use serde_json::Value;

use super::fixtures::world::world;
use crate::support::TestApp;

/// A breakdown row by label: (grants, awarded pence, paid pence).
fn share(impact: &Value, breakdown: &str, label: &str) -> (i64, i64, i64) {
    let row = impact[breakdown]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("{label} in {breakdown}"));
    (
        row["grants"].as_i64().unwrap(),
        row["awarded_pence"].as_i64().unwrap(),
        row["paid_pence"].as_i64().unwrap(),
    )
}

#[rocket::async_test]
async fn the_dashboard_numbers_match_the_hand_counted_totals() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let visitor = app.client().await;

    let api = visitor.get("/api/v1/impact").await;
    assert_eq!(api.status, Status::Ok);
    let impact: Value = serde_json::from_str(&api.body).unwrap();
    let totals = &impact["totals"];
    // SWIM £1,500 + CAFE £2,000 + SHED £500; paid £750 + £2,000.
    assert_eq!(totals["grants"], 3);
    assert_eq!(totals["organisations"], 3);
    assert_eq!(totals["awarded_pence"], 400_000);
    assert_eq!(totals["paid_pence"], 275_000);
    // SWIM's one accepted report (60) and CAFE's latest (40); SHED's submitted 999 not at all.
    assert_eq!(totals["beneficiaries"], 100);
    assert_eq!(totals["volunteers"], 8);
    assert_eq!(totals["volunteer_hours"], 250);
    assert_eq!(totals["projects_reporting"], 2);

    assert_eq!(share(&impact, "by_ward", "Abbey"), (2, 350_000, 275_000));
    assert_eq!(share(&impact, "by_ward", "Bridge"), (1, 200_000, 200_000));
    assert_eq!(
        share(&impact, "by_outcome", &w.health.title),
        (2, 350_000, 275_000)
    );
    assert_eq!(
        share(&impact, "by_outcome", &w.jobs.title),
        (1, 200_000, 200_000)
    );
    assert_eq!(share(&impact, "by_year", "2025"), (1, 200_000, 200_000));
    assert_eq!(share(&impact, "by_year", "2026"), (2, 200_000, 75_000));

    let indicator = |id: i32| {
        impact["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["indicator_id"] == id)
            .map(|i| {
                (
                    i["target"].as_i64().unwrap(),
                    i["achieved"].as_i64().unwrap(),
                )
            })
            .unwrap()
    };
    assert_eq!(indicator(w.active.id), (150, 100));
    assert_eq!(indicator(w.trained.id), (12, 12));

    // The page shows the same numbers, each chart titled with a table beside it.
    let page = visitor.get("/impact").await;
    assert_eq!(page.status, Status::Ok);
    for expected in [
        "£4,000.00",
        "£2,750.00",
        "Amount awarded by ward",
        "Number of grants by year",
    ] {
        assert!(page.body.contains(expected), "missing {expected}");
    }
    let charts = page.body.matches("<svg class=\"chart\"").count();
    assert_eq!(charts, 4);
    assert_eq!(page.body.matches("<title id=\"").count(), charts);
    assert_eq!(
        page.body.matches("<table class=\"table\">").count(),
        charts + 1
    );
    // Abbey's bar reads £3,500.00 in the chart and in the table.
    assert!(page.body.matches("£3,500.00").count() >= 2);
}

#[rocket::async_test]
async fn the_dashboard_filters_by_fund_and_year() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let visitor = app.client().await;

    let beta_fund = format!("/api/v1/impact?fund={}", w.beta.fund.slug);
    let beta: Value = serde_json::from_str(&visitor.get(&beta_fund).await.body).unwrap();
    assert_eq!(beta["totals"]["grants"], 1);
    assert_eq!(beta["totals"]["awarded_pence"], 200_000);

    let year: Value =
        serde_json::from_str(&visitor.get("/api/v1/impact?year=2026").await.body).unwrap();
    assert_eq!(year["totals"]["grants"], 2);
    assert_eq!(year["totals"]["beneficiaries"], 60);

    let page = visitor.get("/impact?fund=alpha-fund&year=2026").await;
    assert_eq!(page.status, Status::Ok);
    assert!(page.body.contains("£2,000.00"));
    assert!(page.body.contains("Clear filters"));
    assert!(
        page.body
            .contains("/projects?fund&#x3D;alpha-fund&amp;year&#x3D;2026"),
        "links to the projects behind the figures"
    );
}

#[rocket::async_test]
async fn an_empty_fund_shows_zeros_not_an_error() {
    let app = TestApp::new().await;
    let visitor = app.client().await;
    let page = visitor.get("/impact").await;
    assert_eq!(page.status, Status::Ok);
    assert!(page.body.contains("£0.00"));
    assert!(page.body.contains("No grants yet."));
}
