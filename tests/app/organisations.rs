//! Applicants' organisations: details, members, and privacy from everyone else.

use entity::user::Role;
use rocket::http::Status;

use crate::support::{PASSWORD, TestApp};

fn details<'a>(name: &'a str, kind: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("name", name),
        ("kind", kind),
        ("charity_number", ""),
        ("company_number", ""),
        ("postcode", "as1 2ab"),
        ("ward_id", ""),
        ("website", "www.example.org"),
        ("phone", "01632 960001"),
    ]
}

async fn organisation_id(app: &TestApp, name: &str) -> i32 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::organisation::Entity::find()
        .filter(entity::organisation::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the organisation exists")
        .id
}

#[rocket::async_test]
async fn an_applicant_adds_their_group_and_its_details_are_normalised() {
    let app = TestApp::new().await;
    let (browser, _) = app.login_as(Role::Applicant).await;
    let page = browser
        .post(
            "/organisations",
            &details("Northfield Youth Football", "constituted_group"),
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    let id = organisation_id(&app, "Northfield Youth Football").await;
    let show = browser.get(&format!("/organisations/{id}")).await;
    assert!(show.body.contains("AS1 2AB"), "postcode normalised");
    assert!(show.body.contains("https://www.example.org"));
    assert!(show.body.contains("Constituted community group"));
    assert!(show.body.contains("Owner"));
    assert!(
        browser
            .get("/organisations")
            .await
            .body
            .contains("Northfield Youth Football")
    );
}

#[rocket::async_test]
async fn a_charity_needs_a_valid_charity_number_and_a_company_keeps_its_leading_zeros() {
    let app = TestApp::new().await;
    let (browser, _) = app.login_as(Role::Applicant).await;
    let missing = browser
        .post(
            "/organisations",
            &details("Ashworth Food Bank", "registered_charity"),
        )
        .await;
    assert_eq!(missing.status, Status::UnprocessableEntity);
    assert!(missing.body.contains("Enter your charity number"));
    assert!(missing.title().starts_with("Error: "));

    let mut bad = details("Ashworth Food Bank", "registered_charity");
    bad[2] = ("charity_number", "12");
    bad[4] = ("postcode", "nowhere");
    bad[6] = ("website", "not a website");
    let page = browser.post("/organisations", &bad).await;
    assert!(page.body.contains("Enter a charity number like 1123456"));
    assert!(page.body.contains("Enter a real postcode"));
    assert!(page.body.contains("Enter a website address"));
    assert!(
        page.body.contains("value=\"nowhere\"")
            && page.body.contains("value=\"Ashworth Food Bank\""),
        "kept"
    );
    assert!(
        page.body.contains("value=\"registered_charity\" checked"),
        "the kind chosen is kept"
    );

    let mut company = details("Digital Skills CIC", "cic");
    company[3] = ("company_number", "1234567");
    assert_eq!(
        browser.post("/organisations", &company).await.status,
        Status::SeeOther
    );
    let id = organisation_id(&app, "Digital Skills CIC").await;
    assert!(
        browser
            .get(&format!("/organisations/{id}"))
            .await
            .body
            .contains("01234567")
    );
}

#[rocket::async_test]
async fn the_owner_adds_and_removes_members_who_then_see_the_organisation() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::new().await;
    let (owner, _) = app.login_as(Role::Applicant).await;
    owner
        .post("/organisations", &details("Allotment Society", "other"))
        .await;
    let id = organisation_id(&app, "Allotment Society").await;
    let helper = app.create_user("helper@example.org", Role::Applicant).await;
    let helper_browser = app.client().await;
    helper_browser.login(&helper.email, PASSWORD).await;
    assert_eq!(
        helper_browser
            .get(&format!("/organisations/{id}"))
            .await
            .status,
        Status::NotFound
    );

    owner
        .post(
            &format!("/organisations/{id}/invitations"),
            &[("email", "Helper@Example.org")],
        )
        .await;
    assert_eq!(
        helper_browser
            .get(&format!("/organisations/{id}"))
            .await
            .status,
        Status::NotFound,
        "invited, not yet a member"
    );
    let mail = entity::outbox::Entity::find()
        .filter(entity::outbox::Column::ToAddress.eq("helper@example.org"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the invitation is emailed");
    let start = mail.body_text.find("/invitations/").expect("a link");
    let link = &mail.body_text[start..start + "/invitations/".len() + 43];
    let accepted = helper_browser.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(accepted.status, Status::SeeOther, "{}", accepted.body);
    assert_eq!(
        helper_browser
            .get(&format!("/organisations/{id}"))
            .await
            .status,
        Status::Ok
    );
    let again = owner
        .post(
            &format!("/organisations/{id}/invitations"),
            &[("email", "helper@example.org")],
        )
        .await;
    assert!(again.body.contains("already a member"));

    owner
        .post(
            &format!("/organisations/{id}/members/{}/remove", helper.id),
            &[],
        )
        .await;
    assert_eq!(
        helper_browser
            .get(&format!("/organisations/{id}"))
            .await
            .status,
        Status::NotFound
    );
}

#[rocket::async_test]
async fn nobody_outside_an_organisation_can_see_or_change_it() {
    let app = TestApp::new().await;
    let (owner, owner_user) = app.login_as(Role::Applicant).await;
    owner
        .post(
            "/organisations",
            &details("Befriending Calls", "constituted_group"),
        )
        .await;
    let id = organisation_id(&app, "Befriending Calls").await;
    let (stranger, _) = app.login_as(Role::Applicant).await;

    for path in [
        format!("/organisations/{id}"),
        format!("/organisations/{id}/edit"),
    ] {
        assert_eq!(stranger.get(&path).await.status, Status::NotFound, "{path}");
    }
    let change = stranger
        .post(
            &format!("/organisations/{id}"),
            &details("Hijacked", "other"),
        )
        .await;
    assert_eq!(change.status, Status::NotFound);
    let join = stranger
        .post(
            &format!("/organisations/{id}/invitations"),
            &[("email", "me@example.org")],
        )
        .await;
    assert_eq!(join.status, Status::NotFound);
    let kick = stranger
        .post(
            &format!("/organisations/{id}/members/{}/remove", owner_user.id),
            &[],
        )
        .await;
    assert_eq!(kick.status, Status::NotFound);
    assert!(
        !stranger
            .get("/organisations")
            .await
            .body
            .contains("Befriending Calls")
    );
    assert!(
        owner
            .get(&format!("/organisations/{id}"))
            .await
            .body
            .contains("Befriending Calls"),
        "unchanged"
    );
}

#[rocket::async_test]
async fn the_owner_cannot_be_removed() {
    let app = TestApp::new().await;
    let (owner, owner_user) = app.login_as(Role::Applicant).await;
    owner
        .post("/organisations", &details("Community Cafe", "other"))
        .await;
    let id = organisation_id(&app, "Community Cafe").await;
    let page = owner
        .post(
            &format!("/organisations/{id}/members/{}/remove", owner_user.id),
            &[],
        )
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.body.contains("The owner cannot be removed"));
}
