//! The officer's panel page: members, reviews needed, allocation, reopening.

use std::collections::HashMap;

use entity::user::Role;
use entity::{funding_round, review, review_assignment, round_panel_member};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::fixtures::{
    audit_actions, declare_and_review, eligible, full_review, member_of, scored_round,
};
use crate::support::TestApp;

#[rocket::async_test]
async fn officer_adds_and_removes_panel_members_and_sets_the_reviews_needed() {
    let app = TestApp::new().await;
    let (round, _) = scored_round(&app, "panel-members").await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let panelist = app.create_user("reviewer@example.org", Role::Panel).await;
    let applicant = app
        .create_user("groupie@example.org", Role::Applicant)
        .await;
    let base = "/officer/rounds/panel-members";

    let page = officer.get(&format!("{base}/panel")).await;
    assert_eq!(page.status, Status::Ok);
    assert!(
        page.body
            .contains("Nobody is on this round&#x27;s panel yet")
            || page.body.contains("Nobody is on this round")
    );
    assert!(
        page.body.contains("reviewer@example.org"),
        "offered as a candidate"
    );
    assert!(
        !page.body.contains("groupie@example.org"),
        "applicants are not offered"
    );

    let refused = officer
        .post(
            &format!("{base}/panel-members"),
            &[("user_id", &applicant.id.to_string())],
        )
        .await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(
        refused
            .body
            .contains("Choose someone with the panel member role")
    );

    let added = officer
        .post(
            &format!("{base}/panel-members"),
            &[("user_id", &panelist.id.to_string())],
        )
        .await;
    assert_eq!(added.status, Status::SeeOther);
    let twice = officer
        .post(
            &format!("{base}/panel-members"),
            &[("user_id", &panelist.id.to_string())],
        )
        .await;
    assert_eq!(twice.status, Status::UnprocessableEntity);
    assert!(twice.body.contains("is already on this panel"));

    for (typed, message) in [
        ("0", "must be 1 or more"),
        ("11", "must be 10 or less"),
        ("two", "must be a whole number"),
        ("", "Enter the number of reviews"),
    ] {
        let page = officer
            .post(
                &format!("{base}/reviews-needed"),
                &[("reviews_needed", typed)],
            )
            .await;
        assert_eq!(page.status, Status::UnprocessableEntity, "{typed:?}");
        assert!(page.body.contains(message), "{typed:?}: {message}");
        assert!(
            page.body.contains(&format!("value=\"{typed}\"")),
            "typed value kept"
        );
    }
    let saved = officer
        .post(
            &format!("{base}/reviews-needed"),
            &[("reviews_needed", "2")],
        )
        .await;
    assert_eq!(saved.status, Status::SeeOther);
    let stored = funding_round::Entity::find_by_id(round.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.reviews_needed, 2);

    let removed = officer
        .post(
            &format!("{base}/panel-remove"),
            &[("user_id", &panelist.id.to_string())],
        )
        .await;
    assert_eq!(removed.status, Status::SeeOther);
    let members = round_panel_member::Entity::find()
        .filter(round_panel_member::Column::RoundId.eq(round.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(members.is_empty());

    let actions = audit_actions(&app).await;
    for action in [
        "panel.member_added",
        "panel.reviews_needed",
        "panel.member_removed",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}");
    }
}

#[rocket::async_test]
async fn a_member_with_submitted_reviews_stays_on_the_panel() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "panel-stays").await;
    let application = eligible(&app, &round).await;
    let (browser, member) = member_of(&app, &round).await;
    let submitted = declare_and_review(
        &browser,
        application.id,
        &full_review(&criteria, "4"),
        "submit",
    )
    .await;
    assert_eq!(submitted.status, Status::SeeOther, "{}", submitted.body);
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer.get("/officer/rounds/panel-stays/panel").await;
    assert!(page.body.contains("Stays on the panel"));
    let refused = officer
        .post(
            "/officer/rounds/panel-stays/panel-remove",
            &[("user_id", &member.id.to_string())],
        )
        .await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(refused.body.contains("has submitted reviews in this round"));
}

async fn assignments(app: &TestApp, ids: &[i32]) -> Vec<(i32, i32)> {
    review_assignment::Entity::find()
        .filter(review_assignment::Column::ApplicationId.is_in(ids.to_vec()))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.application_id, a.reviewer_id))
        .collect()
}

#[rocket::async_test]
async fn allocation_is_even_respects_conflicts_and_tops_up() {
    let app = TestApp::new().await;
    let (round, _) = scored_round(&app, "panel-allocate").await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let base = "/officer/rounds/panel-allocate";

    let empty = officer.post(&format!("{base}/allocate"), &[]).await;
    assert_eq!(empty.status, Status::UnprocessableEntity);
    assert!(empty.body.contains("Add panel members before allocating"));

    let mut apps = Vec::new();
    for _ in 0..4 {
        apps.push(eligible(&app, &round).await);
    }
    let ids: Vec<i32> = apps.iter().map(|a| a.id).collect();
    let (conflicted, first) = member_of(&app, &round).await;
    let (_, second) = member_of(&app, &round).await;
    let (_, third) = member_of(&app, &round).await;
    // Before any allocation, every member sees every eligible application, and declares.
    let declared = conflicted
        .post(
            &format!("/panel/applications/{}/declare", ids[0]),
            &[("choice", "conflict"), ("nature", "I chair this group")],
        )
        .await;
    assert_eq!(declared.status, Status::SeeOther, "{}", declared.body);
    officer
        .post(
            &format!("{base}/reviews-needed"),
            &[("reviews_needed", "2")],
        )
        .await;

    let done = officer.post(&format!("{base}/allocate"), &[]).await;
    assert_eq!(done.status, Status::SeeOther);
    let made = assignments(&app, &ids).await;
    assert_eq!(made.len(), 8, "two reviewers for each of four: {made:?}");
    assert!(
        !made.contains(&(ids[0], first.id)),
        "never to a declared conflict"
    );
    let mut load: HashMap<i32, usize> = HashMap::new();
    for (_, r) in &made {
        *load.entry(*r).or_default() += 1;
    }
    let (least, most) = (load.values().min().unwrap(), load.values().max().unwrap());
    assert!(most - least <= 1, "even: {load:?}");
    assert_eq!(load.len(), 3, "{first:?} {second:?} {third:?}");

    let again = officer.post(&format!("{base}/allocate"), &[]).await;
    assert_eq!(again.status, Status::SeeOther);
    assert_eq!(
        assignments(&app, &ids).await.len(),
        8,
        "re-running keeps what is there"
    );

    let late = eligible(&app, &round).await;
    officer.post(&format!("{base}/allocate"), &[]).await;
    let all: Vec<i32> = ids.iter().copied().chain([late.id]).collect();
    let topped = assignments(&app, &all).await;
    assert_eq!(topped.len(), 10);
    assert_eq!(topped.iter().filter(|(a, _)| *a == late.id).count(), 2);

    let page = officer.get(&format!("{base}/panel")).await;
    assert!(
        page.body.contains("I chair this group"),
        "officers see the conflict"
    );
    assert!(
        audit_actions(&app)
            .await
            .iter()
            .any(|a| a == "panel.allocated")
    );
}

#[rocket::async_test]
async fn officer_reopens_a_submitted_review_with_a_reason_and_the_reviewer_sees_it() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "panel-reopen").await;
    let application = eligible(&app, &round).await;
    let (browser, member) = member_of(&app, &round).await;
    declare_and_review(
        &browser,
        application.id,
        &full_review(&criteria, "3"),
        "submit",
    )
    .await;
    let mine = review::Entity::find()
        .filter(review::Column::ReviewerId.eq(member.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (officer, _) = app.login_as(Role::Officer).await;
    let listed = officer.get("/officer/rounds/panel-reopen/panel").await;
    assert!(
        listed
            .body
            .contains(&format!("/officer/reviews/{}/reopen", mine.id))
    );

    let path = format!("/officer/reviews/{}/reopen", mine.id);
    assert_eq!(officer.get(&path).await.status, Status::Ok);
    let blank = officer.post(&path, &[("reason", "  ")]).await;
    assert_eq!(blank.status, Status::UnprocessableEntity);
    assert!(
        blank
            .body
            .contains("Enter why you are reopening the review")
    );

    let done = officer
        .post(&path, &[("reason", "Please recheck the budget score.")])
        .await;
    assert_eq!(done.status, Status::SeeOther);
    let stored = review::Entity::find_by_id(mine.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, entity::review::Status::Draft);
    assert_eq!(
        stored.reopened_reason.as_deref(),
        Some("Please recheck the budget score.")
    );
    assert_eq!(
        officer.get(&path).await.status,
        Status::NotFound,
        "only submitted reviews reopen"
    );

    let page = browser
        .get(&format!("/panel/applications/{}", application.id))
        .await;
    assert!(page.body.contains("A grants officer reopened your review"));
    assert!(page.body.contains("Please recheck the budget score."));
    assert!(page.body.contains("Submit your review"), "the form is back");
    assert!(
        audit_actions(&app)
            .await
            .iter()
            .any(|a| a == "review.reopened")
    );
}
