//! A panel member's review: declare, score, save, submit, and what they see.

use entity::{review, review_score};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::fixtures::{
    audit_actions, declare_and_review, eligible, full_review, member_of, post_owned, scored_round,
    version,
};
use crate::support::TestApp;

async fn review_of(app: &TestApp, application_id: i32, reviewer_id: i32) -> Option<review::Model> {
    review::Entity::find()
        .filter(review::Column::ApplicationId.eq(application_id))
        .filter(review::Column::ReviewerId.eq(reviewer_id))
        .one(&app.db)
        .await
        .unwrap()
}

#[rocket::async_test]
async fn panel_member_declares_no_conflict_then_scores_and_submits() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "panel-score").await;
    let application = eligible(&app, &round).await;
    let (browser, member) = member_of(&app, &round).await;
    let path = format!("/panel/applications/{}", application.id);

    let list = browser.get("/panel/rounds/panel-score").await;
    assert_eq!(list.status, Status::Ok);
    assert!(list.body.contains("To declare"));
    let first = browser.get(&path).await;
    assert_eq!(first.status, Status::SeeOther, "declare first");
    assert_eq!(
        first.location.as_deref(),
        Some(format!("{path}/declare").as_str())
    );
    let missing = browser
        .post(&format!("{path}/declare"), &[("choice", "conflict")])
        .await;
    assert_eq!(missing.status, Status::UnprocessableEntity);
    assert!(missing.body.contains("Describe the conflict of interest"));

    let mut fields = full_review(&criteria, "4");
    fields.retain(|(k, _)| k != "recommendation");
    let draft = declare_and_review(&browser, application.id, &fields, "save").await;
    assert_eq!(draft.status, Status::SeeOther, "{}", draft.body);
    let list = browser.get("/panel/rounds/panel-score").await;
    assert!(list.body.contains("Draft"));
    let page = browser.get(&path).await;
    assert!(
        page.body.contains("Panel project"),
        "the application is shown read-only"
    );
    assert!(
        page.body.contains("Comment on Value for money"),
        "the draft is kept"
    );

    let mut all = full_review(&criteria, "4");
    all.push(("version".into(), version(&page.body)));
    all.push(("action".into(), "submit".into()));
    let submitted = post_owned(&browser, &path, &all).await;
    assert_eq!(submitted.status, Status::SeeOther, "{}", submitted.body);
    let stored = review_of(&app, application.id, member.id).await.unwrap();
    assert_eq!(stored.status, entity::review::Status::Submitted);
    assert_eq!(stored.recommendation.as_deref(), Some("fund"));
    let scores = review_score::Entity::find()
        .filter(review_score::Column::ReviewId.eq(stored.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(scores.len(), 2);
    assert!(scores.iter().all(|s| s.score == Some(4)));
    let list = browser.get("/panel/rounds/panel-score").await;
    assert!(list.body.contains("Submitted"));
    let actions = audit_actions(&app).await;
    for action in [
        "review.no_conflict_declared",
        "review.draft_saved",
        "review.submitted",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}");
    }
}

#[rocket::async_test]
async fn panel_member_cannot_see_a_bid_after_declaring_a_conflict() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "panel-conflict").await;
    let application = eligible(&app, &round).await;
    let (browser, _) = member_of(&app, &round).await;
    let path = format!("/panel/applications/{}", application.id);

    let declared = browser
        .post(
            &format!("{path}/declare"),
            &[("choice", "conflict"), ("nature", "My sister runs it")],
        )
        .await;
    assert_eq!(declared.status, Status::SeeOther);
    assert_eq!(browser.get(&path).await.status, Status::NotFound);
    assert_eq!(
        browser.get(&format!("{path}/declare")).await.status,
        Status::NotFound
    );
    let again = browser
        .post(&format!("{path}/declare"), &[("choice", "none")])
        .await;
    assert_eq!(again.status, Status::NotFound);
    let mut fields = full_review(&criteria, "3");
    fields.push(("version".into(), "new".into()));
    fields.push(("action".into(), "save".into()));
    assert_eq!(
        post_owned(&browser, &path, &fields).await.status,
        Status::NotFound
    );
    let list = browser.get("/panel/rounds/panel-conflict").await;
    assert!(list.body.contains("Conflict declared"));
    assert!(
        !list.body.contains(&application.title),
        "the title is not shown either"
    );
    let conflicts = dealfund::services::panel::conflicts_for_round(&app.db, round.id)
        .await
        .unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].0, application.id);
    assert_eq!(conflicts[0].2, "My sister runs it");
    assert!(
        audit_actions(&app)
            .await
            .iter()
            .any(|a| a == "review.conflict_declared")
    );
}

#[rocket::async_test]
async fn others_reviews_are_hidden_until_your_own_is_submitted() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "panel-others").await;
    let application = eligible(&app, &round).await;
    let path = format!("/panel/applications/{}", application.id);
    let (early, _) = member_of(&app, &round).await;
    let (drafter, _) = member_of(&app, &round).await;
    let (late, _) = member_of(&app, &round).await;

    let mut early_review = full_review(&criteria, "5");
    early_review.retain(|(k, _)| k != "overall_comment");
    early_review.push(("overall_comment".into(), "EARLY-REVIEWER-VERDICT".into()));
    declare_and_review(&early, application.id, &early_review, "submit").await;
    let mut draft = full_review(&criteria, "1");
    draft.retain(|(k, _)| k != "overall_comment");
    draft.push(("overall_comment".into(), "DRAFT-ONLY-THOUGHTS".into()));
    declare_and_review(&drafter, application.id, &draft, "save").await;

    let mut mine = full_review(&criteria, "3");
    mine.retain(|(k, _)| k != "recommendation");
    declare_and_review(&late, application.id, &mine, "save").await;
    let before = late.get(&path).await;
    assert!(
        !before.body.contains("EARLY-REVIEWER-VERDICT"),
        "hidden while mine is a draft"
    );
    assert!(!before.body.contains("DRAFT-ONLY-THOUGHTS"));

    let mut all = full_review(&criteria, "3");
    all.push(("version".into(), version(&before.body)));
    all.push(("action".into(), "submit".into()));
    assert_eq!(
        post_owned(&late, &path, &all).await.status,
        Status::SeeOther
    );
    let after = late.get(&path).await;
    assert!(
        after.body.contains("EARLY-REVIEWER-VERDICT"),
        "shown once mine is in"
    );
    assert!(after.body.contains("5: Excellent"));
    assert!(
        !after.body.contains("DRAFT-ONLY-THOUGHTS"),
        "drafts are never shown"
    );
}

#[rocket::async_test]
async fn submit_needs_every_score_and_a_recommendation() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "panel-complete").await;
    let application = eligible(&app, &round).await;
    let (browser, member) = member_of(&app, &round).await;
    let fields = vec![
        (format!("score[{}]", criteria[0].id), "4".to_owned()),
        (
            format!("comment[{}]", criteria[1].id),
            "TYPED-BUT-UNSCORED".to_owned(),
        ),
    ];
    let page = declare_and_review(&browser, application.id, &fields, "submit").await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.body.contains("Choose a score for Value for money"));
    assert!(!page.body.contains("Choose a score for Meets local need"));
    assert!(page.body.contains("Choose a recommendation"));
    assert!(
        page.body.contains("TYPED-BUT-UNSCORED"),
        "typed values kept"
    );
    assert!(page.body.contains(&format!(
        "id=\"score-{}-4\" name=\"score[{}]\" type=\"radio\" value=\"4\" checked",
        criteria[0].id, criteria[0].id
    )));
    assert!(
        review_of(&app, application.id, member.id).await.is_none(),
        "nothing saved"
    );
}

#[rocket::async_test]
async fn scores_outside_nought_to_five_are_refused_beside_the_field() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "panel-range").await;
    let application = eligible(&app, &round).await;
    let (browser, member) = member_of(&app, &round).await;
    for bad in ["6", "-1", "lots"] {
        let fields = vec![
            (format!("score[{}]", criteria[0].id), bad.to_owned()),
            ("overall_comment".to_owned(), "KEPT-COMMENT".to_owned()),
        ];
        let page = if bad == "6" {
            declare_and_review(&browser, application.id, &fields, "save").await
        } else {
            let path = format!("/panel/applications/{}", application.id);
            let mut all = fields.clone();
            all.push(("version".into(), "new".into()));
            all.push(("action".into(), "save".into()));
            post_owned(&browser, &path, &all).await
        };
        assert_eq!(page.status, Status::UnprocessableEntity, "{bad}");
        assert!(
            page.body
                .contains("Choose a score from 0 to 5 for Meets local need"),
            "{bad}"
        );
        assert!(page.body.contains("KEPT-COMMENT"));
    }
    assert!(review_of(&app, application.id, member.id).await.is_none());
}

#[rocket::async_test]
async fn a_submitted_review_is_read_only() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "panel-readonly").await;
    let application = eligible(&app, &round).await;
    let (browser, member) = member_of(&app, &round).await;
    let path = format!("/panel/applications/{}", application.id);
    declare_and_review(
        &browser,
        application.id,
        &full_review(&criteria, "4"),
        "submit",
    )
    .await;
    let before = review_of(&app, application.id, member.id).await.unwrap();
    let page = browser.get(&path).await;
    assert!(!page.body.contains("Submit your review"), "no form");
    assert!(page.body.contains("4: Good"));

    for action in ["save", "submit"] {
        let mut again = full_review(&criteria, "1");
        again.push((
            "version".into(),
            before.updated_at.timestamp_micros().to_string(),
        ));
        again.push(("action".into(), action.into()));
        let refused = post_owned(&browser, &path, &again).await;
        assert_eq!(refused.status, Status::Conflict, "{action}");
        assert!(
            refused
                .body
                .contains("You have already submitted this review")
        );
    }
    let after = review_of(&app, application.id, member.id).await.unwrap();
    assert_eq!(before, after, "nothing changed");
}

#[rocket::async_test]
async fn a_stale_save_from_another_tab_is_refused() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "panel-stale").await;
    let application = eligible(&app, &round).await;
    let (browser, member) = member_of(&app, &round).await;
    let path = format!("/panel/applications/{}", application.id);
    declare_and_review(
        &browser,
        application.id,
        &full_review(&criteria, "2"),
        "save",
    )
    .await;
    let first_tab = browser.get(&path).await;
    let second_tab = browser.get(&path).await;

    let mut newer = full_review(&criteria, "3");
    newer.push(("version".into(), version(&second_tab.body)));
    newer.push(("action".into(), "save".into()));
    assert_eq!(
        post_owned(&browser, &path, &newer).await.status,
        Status::SeeOther
    );

    let mut stale = full_review(&criteria, "5");
    stale.push(("version".into(), version(&first_tab.body)));
    stale.push(("action".into(), "save".into()));
    let refused = post_owned(&browser, &path, &stale).await;
    assert_eq!(refused.status, Status::Conflict);
    assert!(refused.body.contains("changed in another tab or window"));
    let stored = review_of(&app, application.id, member.id).await.unwrap();
    let scores = review_score::Entity::find()
        .filter(review_score::Column::ReviewId.eq(stored.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        scores.iter().all(|s| s.score == Some(3)),
        "the newer save stands"
    );
    // The same tab's first save of a review that another tab has already created is stale too.
    let mut from_scratch = full_review(&criteria, "1");
    from_scratch.push(("version".into(), "new".into()));
    from_scratch.push(("action".into(), "save".into()));
    assert_eq!(
        post_owned(&browser, &path, &from_scratch).await.status,
        Status::Conflict
    );
}
