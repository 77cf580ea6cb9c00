//! Residents pledging to "Your part" commitments, and the demo Deal.

use chrono::Duration;
use dealfund::services::deal::{self, PledgeInput, PledgeResult};
use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{
    assert_refused, assert_refused_with, deal_with_both_sides, pledge, pledge_from,
};
use crate::support::TestApp;

#[rocket::async_test]
async fn anyone_can_pledge_without_an_account_and_the_count_goes_up() {
    let app = TestApp::new().await;
    let (officer, _, _, yours) = deal_with_both_sides(&app).await;
    officer
        .post(
            "/officer/wards/new",
            &[("name", "Abbey Fields"), ("code", "E05011201")],
        )
        .await;
    let visitor = app.client().await;
    let page = visitor.get("/deal").await;
    let ward = page
        .body
        .split("<option value=\"")
        .nth(2)
        .and_then(|rest| rest.split('"').next())
        .expect("a ward in the list")
        .to_owned();

    let pledged = pledge(&visitor, yours, "Zebedee", &ward).await;

    assert_eq!(pledged.status, Status::SeeOther, "{}", pledged.body);
    assert_eq!(pledged.location, Some(format!("/deal#commitment-{yours}")));
    let page = visitor.get("/deal").await;
    assert!(page.body.contains("Thank you for your pledge"));
    assert!(page.body.contains("1 person has pledged"));
    assert!(!page.body.contains("Zebedee"), "names are never published");
    pledge(&app.client().await, yours, "", "").await;
    assert!(
        visitor
            .get("/deal")
            .await
            .body
            .contains("2 people have pledged")
    );
    let (admin, _) = app.login_as(Role::Admin).await;
    let audit = admin.get("/admin/audit?action=pledge.created").await;
    assert_eq!(audit.body.matches("<code>pledge.created</code>").count(), 2);
    assert!(!audit.body.contains("Zebedee"), "the log names nobody");
}

#[rocket::async_test]
async fn a_pledge_with_a_long_name_or_a_ward_not_on_the_list_is_refused_and_kept() {
    let app = TestApp::new().await;
    let (_, _, _, yours) = deal_with_both_sides(&app).await;
    let visitor = app.client().await;
    let long = "Bartholomew".repeat(5);

    let page = pledge(&visitor, yours, &long, "9999").await;

    assert_refused(&page, "First name must be 50 characters or fewer");
    assert!(page.body.contains("Choose your ward from the list"));
    assert!(
        page.body
            .contains(&format!("id=\"first_name-{yours}-error\""))
    );
    assert!(page.body.contains(&format!("href=\"#ward-{yours}\"")));
    assert!(
        page.body.contains(&format!("value=\"{long}\"")),
        "name kept"
    );
    assert!(
        page.body.contains("No one has pledged yet"),
        "nothing counted"
    );

    let ward = app.client().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    officer
        .post(
            "/officer/wards/new",
            &[("name", "Abbey Fields"), ("code", "E05011201")],
        )
        .await;
    let listed = ward.get("/deal").await;
    let id = listed
        .body
        .split("<option value=\"")
        .nth(2)
        .and_then(|rest| rest.split('"').next())
        .expect("a ward in the list")
        .to_owned();
    let kept = pledge(&ward, yours, &long, &id).await;
    assert_refused(&kept, "First name must be 50 characters or fewer");
    assert!(
        kept.body.contains(&format!(
            "<option value=\"{id}\" selected>Abbey Fields</option>"
        )),
        "the ward chosen is kept"
    );
}

#[rocket::async_test]
async fn the_eleventh_pledge_in_an_hour_from_one_address_is_refused_politely_until_the_hour_passes()
{
    let app = TestApp::new().await;
    let (_, _, _, yours) = deal_with_both_sides(&app).await;
    let visitor = app.client().await;
    for n in 1..=10 {
        let page = pledge_from(&visitor, "203.0.113.9", yours).await;
        assert_eq!(page.status, Status::SeeOther, "pledge {n}");
    }

    let eleventh = pledge_from(&visitor, "203.0.113.9", yours).await;

    assert_refused_with(
        &eleventh,
        Status::TooManyRequests,
        "pledged a lot in the last hour",
    );
    assert!(eleventh.body.contains("10 people have pledged"));
    let elsewhere = pledge_from(&visitor, "198.51.100.4", yours).await;
    assert_eq!(
        elsewhere.status,
        Status::SeeOther,
        "other addresses may pledge"
    );
    app.clock.advance(Duration::hours(1));
    let later = pledge_from(&visitor, "203.0.113.9", yours).await;
    assert_eq!(
        later.status,
        Status::SeeOther,
        "allowed once the hour has passed"
    );
    assert!(
        visitor
            .get("/deal")
            .await
            .body
            .contains("12 people have pledged")
    );
}

#[rocket::async_test]
async fn pledges_sent_at_the_same_moment_from_one_address_still_stop_at_ten() {
    let app = TestApp::new().await;
    let (_, _, _, yours) = deal_with_both_sides(&app).await;

    let tasks: Vec<_> = (0..15)
        .map(|_| {
            let (db, clock) = (app.db.clone(), app.clock.clone());
            rocket::tokio::spawn(async move {
                deal::pledge(&db, &clock, yours, PledgeInput::default(), "192.0.2.50").await
            })
        })
        .collect();
    let mut saved = 0;
    for task in tasks {
        if let Ok(Ok(PledgeResult::Pledged(_))) = task.await {
            saved += 1;
        }
    }

    assert_eq!(saved, 10);
    assert!(
        app.client()
            .await
            .get("/deal")
            .await
            .body
            .contains("10 people have pledged")
    );
}

#[rocket::async_test]
async fn a_pledge_without_the_csrf_token_is_refused_and_not_counted() {
    let app = TestApp::new().await;
    let (_, _, _, yours) = deal_with_both_sides(&app).await;
    let visitor = app.client().await;
    visitor.get("/deal").await;

    let page = visitor
        .post_raw(
            &format!("/deal/commitments/{yours}/pledge"),
            &[("first_name", "Sam"), ("ward", "")],
        )
        .await;

    assert_eq!(page.status, Status::Forbidden);
    assert!(
        visitor
            .get("/deal")
            .await
            .body
            .contains("No one has pledged yet")
    );
}

#[rocket::async_test]
async fn retired_council_side_and_missing_commitments_cannot_be_pledged_to() {
    let app = TestApp::new().await;
    let (officer, _, ours, yours) = deal_with_both_sides(&app).await;
    officer
        .post(&format!("/officer/deal/commitments/{yours}/retire"), &[])
        .await;
    let visitor = app.client().await;

    assert_eq!(
        pledge(&visitor, ours, "", "").await.status,
        Status::NotFound
    );
    assert_eq!(
        pledge(&visitor, yours, "", "").await.status,
        Status::NotFound
    );
    assert_eq!(pledge(&visitor, 999, "", "").await.status, Status::NotFound);
    officer
        .post(&format!("/officer/deal/commitments/{yours}/restore"), &[])
        .await;
    assert!(
        officer
            .get("/officer/deal")
            .await
            .body
            .contains("No one has pledged yet")
    );
}

#[rocket::async_test]
async fn the_demo_fills_the_deal_the_outcomes_and_the_wards() {
    let app = TestApp::new().await;

    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .expect("the demo seeds");

    let visitor = app.client().await;
    let deal = visitor.get("/deal").await;
    assert_eq!(deal.status, Status::Ok);
    assert!(deal.body.contains("Ashworth Deal"));
    for theme in [
        "Health and wellness",
        "Stronger communities",
        "A greener Ashworth",
    ] {
        assert!(deal.body.contains(theme), "{theme}");
    }
    assert!(deal.body.contains("9 people have pledged"));
    assert!(deal.body.contains("<option value=\"") && deal.body.contains(">Millbrook</option>"));
    let outcomes = visitor.get("/outcomes").await;
    for code in ["O1", "O2", "O3", "O4", "O5", "O6"] {
        assert!(outcomes.body.contains(&format!("Outcome {code}")), "{code}");
    }
    assert!(outcomes.body.contains("Fewer people lonely or isolated"));
    let (officer, _) = app.login_as(Role::Officer).await;
    let wards = officer.get("/officer/wards").await;
    assert!(wards.body.contains("E05011201") && wards.body.contains("E05011212"));
}
