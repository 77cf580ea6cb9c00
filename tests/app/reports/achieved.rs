//! Achieved figures count only the latest accepted report of each award.

use dealfund::services::publishing::impact::{Impact, impact};
use dealfund::services::publishing::query::GrantFilter;
use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{Offer, accepted, complete, pairs, reports};
use crate::support::{TestApp, TestClient};

/// Submits report `position` with these achieved values and people reached.
async fn submit(o: &Offer, position: i32, sessions: &str, people: &str) {
    let path = format!("/applications/{}/reports/{position}", o.key);
    let mut fields = complete(o, 1);
    for (k, v) in fields.iter_mut() {
        if *k == format!("achieved-{}", o.sessions) {
            *v = sessions.into();
        } else if *k == format!("achieved-{}", o.people) || k == "beneficiaries" {
            *v = people.into();
        }
    }
    let page = o.member.post(&path, &pairs(&fields)).await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
}

async fn accept_report(app: &TestApp, officer: &TestClient, o: &Offer, position: i32) {
    let report = &reports(app, o.award.id).await[position as usize - 1];
    let page = officer
        .post(
            &format!("/officer/reports/{}/accept", report.id),
            &[("version", &report.version.to_string())],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
}

async fn figures(app: &TestApp, filter: GrantFilter) -> Impact {
    impact(&app.db, &filter, app.config.time_zone)
        .await
        .unwrap()
}

#[rocket::async_test]
async fn only_the_latest_accepted_report_of_each_award_counts_as_achieved() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    // Two reports: the interim one accepted, the final one only submitted.
    let a = accepted(&app, "counted", 500_000).await;
    submit(&a, 1, "10", "50").await;
    accept_report(&app, &officer, &a, 1).await;
    submit(&a, 2, "39", "140").await;
    // Submitted but never accepted: nothing of it counts.
    let b = accepted(&app, "pending", 150_000).await;
    submit(&b, 1, "99", "999").await;
    // Due, never started.
    let _c = accepted(&app, "silent", 150_000).await;

    let all = figures(&app, GrantFilter::default()).await;
    assert_eq!(all.totals.projects_reporting, 1);
    assert_eq!(all.totals.beneficiaries, 50);
    assert_eq!(all.totals.volunteers, 9);
    assert_eq!(all.totals.volunteer_hours, 420);
    // Each fixture makes its own indicators; a's are the ones with achieved values.
    let line = |id: i32| {
        all.indicators
            .iter()
            .find(|l| l.indicator_id == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (line(a.sessions).target, line(a.sessions).achieved),
        (40, 10)
    );
    assert_eq!((line(a.people).target, line(a.people).achieved), (120, 50));
    assert_eq!(
        (line(b.sessions).target, line(b.sessions).achieved),
        (40, 0)
    );

    // Once the final report is accepted it replaces the interim figures.
    accept_report(&app, &officer, &a, 2).await;
    let round_only = GrantFilter {
        round_id: Some(a.award.round_id),
        ..Default::default()
    };
    let now = figures(&app, round_only).await;
    assert_eq!(now.totals.beneficiaries, 140);
    assert_eq!(now.indicators.len(), 2, "only that round's targets");
    assert_eq!(now.indicators[0].achieved, 39);

    let next_year = GrantFilter {
        year: Some(2999),
        ..Default::default()
    };
    assert_eq!(figures(&app, next_year).await.totals.projects_reporting, 0);
}
