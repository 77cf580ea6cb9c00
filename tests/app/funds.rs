//! Officers set up funds and their partners' contributions.

use entity::user::Role;
use rocket::http::Status;

use crate::support::TestApp;
use crate::support::builders;

#[rocket::async_test]
async fn an_officer_adds_a_fund_whose_budget_is_the_sum_of_its_contributions() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let created = officer
        .post(
            "/officer/funds",
            &[
                ("name", "Communities Fund"),
                ("slug", "communities-fund"),
                ("description", "For groups"),
            ],
        )
        .await;
    assert_eq!(created.status, Status::SeeOther);
    assert_eq!(
        created.location.as_deref(),
        Some("/officer/funds/communities-fund")
    );

    for (partner, org_id, amount) in [
        ("Test Borough Council", "GB-LAE-TST", "600,000"),
        ("Local NHS", "", "£250000.50"),
    ] {
        let page = officer
            .post(
                "/officer/funds/communities-fund/contributions",
                &[
                    ("partner_name", partner),
                    ("partner_org_id", org_id),
                    ("amount", amount),
                ],
            )
            .await;
        assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    }
    let page = officer.get("/officer/funds/communities-fund").await;
    assert!(
        page.body.contains("£850,000.50"),
        "budget is the sum: {}",
        page.body
    );
    assert!(page.body.contains("GB-LAE-TST"));
    let list = officer.get("/officer/funds").await;
    assert!(list.body.contains("Communities Fund") && list.body.contains("£850,000.50"));

    let audit = app
        .login_as(Role::Admin)
        .await
        .0
        .get("/admin/audit?entity=fund")
        .await;
    assert!(audit.body.contains("fund.created") && audit.body.contains("fund.contribution_added"));
}

#[rocket::async_test]
async fn a_fund_with_bad_details_comes_back_with_messages_and_what_was_typed() {
    let app = TestApp::new().await;
    builders::fund(&app, "taken", 1000).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let blank = officer
        .post(
            "/officer/funds",
            &[
                ("name", ""),
                ("slug", "Not A Slug"),
                ("description", "kept"),
            ],
        )
        .await;
    assert_eq!(blank.status, Status::UnprocessableEntity);
    assert!(blank.title().starts_with("Error: "));
    assert!(
        blank.body.contains("Enter the fund&#x27;s name")
            || blank.body.contains("Enter the fund's name")
    );
    assert!(blank.body.contains("Use only lower-case letters"));
    assert!(blank.body.contains("value=\"Not A Slug\"") && blank.body.contains(">kept</textarea>"));

    let duplicate = officer
        .post(
            "/officer/funds",
            &[("name", "Another"), ("slug", "taken"), ("description", "")],
        )
        .await;
    assert_eq!(duplicate.status, Status::UnprocessableEntity);
    assert!(
        duplicate
            .body
            .contains("Another fund already uses this web address name")
    );
}

#[rocket::async_test]
async fn a_contribution_needs_a_partner_a_positive_amount_and_a_well_formed_identifier() {
    let app = TestApp::new().await;
    builders::fund(&app, "fund", 1000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer
        .post(
            "/officer/funds/fund/contributions",
            &[
                ("partner_name", ""),
                ("partner_org_id", "not an id!"),
                ("amount", "ten"),
            ],
        )
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.body.contains("Enter the partner"));
    assert!(page.body.contains("Enter an org-id identifier"));
    assert!(page.body.contains("Enter an amount in pounds and pence"));
    assert!(page.body.contains("value=\"ten\""));
    let zero = officer
        .post(
            "/officer/funds/fund/contributions",
            &[
                ("partner_name", "X"),
                ("partner_org_id", ""),
                ("amount", "0"),
            ],
        )
        .await;
    assert!(zero.body.contains("Amount must be more than £0"));
}

#[rocket::async_test]
async fn a_contribution_cannot_shrink_the_budget_below_what_rounds_already_have() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    builders::round(&app, &fund, "round-a", 8_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let contribution = dealfund::services::funds::contributions(&app.db, fund.id)
        .await
        .unwrap()
        .remove(0);

    let shrink = officer
        .post(
            &format!("/officer/funds/fund/contributions/{}", contribution.id),
            &[
                ("partner_name", "Test Borough Council"),
                ("partner_org_id", ""),
                ("amount", "5000"),
            ],
        )
        .await;
    assert_eq!(shrink.status, Status::UnprocessableEntity);
    assert!(
        shrink.body.contains("already have £8,000.00 between them"),
        "{}",
        shrink.body
    );
    assert!(shrink.body.contains("value=\"5000\""));

    let remove = officer
        .post(
            &format!(
                "/officer/funds/fund/contributions/{}/delete",
                contribution.id
            ),
            &[],
        )
        .await;
    assert_eq!(remove.status, Status::UnprocessableEntity);
    assert!(
        officer
            .get("/officer/funds/fund")
            .await
            .body
            .contains("£10,000.00"),
        "nothing changed"
    );

    let grow = officer
        .post(
            &format!("/officer/funds/fund/contributions/{}", contribution.id),
            &[
                ("partner_name", "Test Borough Council"),
                ("partner_org_id", ""),
                ("amount", "12000"),
            ],
        )
        .await;
    assert_eq!(grow.status, Status::SeeOther);
    let page = officer.get("/officer/funds/fund").await;
    assert!(
        page.body.contains("£12,000.00")
            && page.body.contains("£4,000.00 not yet given to a round")
    );
}

#[rocket::async_test]
async fn a_missing_fund_is_a_404() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    assert_eq!(
        officer.get("/officer/funds/nope").await.status,
        Status::NotFound
    );
    assert_eq!(
        officer.get("/officer/funds/nope/rounds/new").await.status,
        Status::NotFound
    );
}
