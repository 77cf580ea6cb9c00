//! Officers set up rounds; the public sees published ones and checks if they can apply.

use chrono::Duration;
use dealfund::services::audit::Actor;
use dealfund::services::rounds;
use entity::user::Role;
use rocket::http::Status;

use crate::support::{TestApp, builders};

fn form(input: &dealfund::services::rounds::RoundInput) -> Vec<(&'static str, String)> {
    vec![
        ("name", input.name.clone()),
        ("slug", input.slug.clone()),
        ("guidance", input.guidance.clone()),
        ("opens_date", input.opens_date.clone()),
        ("opens_time", input.opens_time.clone()),
        ("closes_date", input.closes_date.clone()),
        ("closes_time", input.closes_time.clone()),
        ("budget", input.budget.clone()),
        ("min_grant", input.min_grant.clone()),
        ("max_grant", input.max_grant.clone()),
        ("max_duration_months", input.max_duration_months.clone()),
        ("fundable_threshold", input.fundable_threshold.clone()),
        ("disagreement_margin", input.disagreement_margin.clone()),
        ("single_payment_max", input.single_payment_max.clone()),
        ("upfront_percent", input.upfront_percent.clone()),
        (
            "tranche_interval_months",
            input.tranche_interval_months.clone(),
        ),
        (
            "report_interval_months",
            input.report_interval_months.clone(),
        ),
    ]
}

fn refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[rocket::async_test]
async fn an_officer_adds_a_round_in_local_time_and_it_starts_as_a_draft() {
    let app = TestApp::new().await;
    builders::fund(&app, "fund", 100_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let mut fields = form(&builders::round_input(
        &app,
        "summer",
        app.clock.now(),
        app.clock.now(),
        10_000,
    ));
    for (key, value) in fields.iter_mut() {
        match *key {
            "opens_date" => *value = "2027-06-01".into(),
            "opens_time" => *value = "09:00".into(),
            "closes_date" => *value = "2027-07-01".into(),
            "closes_time" => *value = "17:00".into(),
            _ => {}
        }
    }
    let page = officer
        .post("/officer/funds/fund/rounds", &refs(&fields))
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/officer/rounds/summer"));

    let stored = rounds::by_slug(&app.db, "summer").await.unwrap();
    assert_eq!(
        stored.opens_at.to_rfc3339(),
        "2027-06-01T08:00:00+00:00",
        "09:00 BST is 08:00 UTC"
    );
    let show = officer.get("/officer/rounds/summer").await;
    assert!(
        show.body.contains("1 June 2027, 09:00"),
        "shown in local time"
    );
    assert!(show.body.contains("Draft"));
    assert_eq!(
        app.client().await.get("/rounds/summer").await.status,
        Status::NotFound,
        "drafts are not public"
    );
}

#[rocket::async_test]
async fn a_round_with_impossible_dates_or_money_comes_back_with_each_message() {
    let app = TestApp::new().await;
    builders::fund(&app, "fund", 100_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let now = app.clock.now();
    let mut input = builders::round_input(
        &app,
        "bad",
        now + Duration::days(5),
        now + Duration::days(1),
        1_000,
    );
    input.min_grant = "3000".into();
    input.max_grant = "2000".into();
    input.fundable_threshold = "101".into();
    input.max_duration_months = "twelve".into();
    let page = officer
        .post("/officer/funds/fund/rounds", &refs(&form(&input)))
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    for message in [
        "The closing date must be after the opening date",
        "The minimum grant must not be more than the maximum grant",
        "The maximum grant must not be more than the round",
        "The fundable threshold must be 100 or less",
        "The maximum duration must be a whole number",
    ] {
        assert!(page.body.contains(message), "{message}");
    }
    assert!(page.body.contains("value=\"twelve\""), "typed values kept");
    assert!(
        rounds::by_slug(&app.db, "bad").await.is_err(),
        "nothing saved"
    );
}

#[rocket::async_test]
async fn the_rounds_of_a_fund_can_never_be_given_more_than_its_budget() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    builders::round(&app, &fund, "first", 6_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let now = app.clock.now();
    let input = builders::round_input(&app, "second", now, now + Duration::days(9), 5_000);
    let page = officer
        .post("/officer/funds/fund/rounds", &refs(&form(&input)))
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(
        page.body
            .contains("The fund has £4,000.00 left to give to rounds"),
        "{}",
        page.body
    );

    let mut raise = builders::round_input(&app, "first", now, now + Duration::days(9), 10_001);
    raise.max_grant = "2000".into();
    let raised = officer
        .post("/officer/rounds/first", &refs(&form(&raise)))
        .await;
    assert_eq!(
        raised.status,
        Status::UnprocessableEntity,
        "a round's own budget counts once"
    );
    raise.budget = "10000".into();
    assert_eq!(
        officer
            .post("/officer/rounds/first", &refs(&form(&raise)))
            .await
            .status,
        Status::SeeOther
    );
}

#[rocket::async_test]
async fn two_rounds_saved_at_the_same_moment_cannot_together_exceed_the_fund() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    let now = app.clock.now();
    let a = builders::round_input(&app, "a", now, now + Duration::days(9), 6_000);
    let b = builders::round_input(&app, "b", now, now + Duration::days(9), 6_000);
    let tz = app.config.time_zone;
    let system = Actor::system();
    let (ra, rb) = tokio::join!(
        rounds::create(&app.db, &app.clock, &system, tz, fund.id, &a),
        rounds::create(&app.db, &app.clock, &system, tz, fund.id, &b),
    );
    assert_eq!(
        usize::from(ra.is_ok()) + usize::from(rb.is_ok()),
        1,
        "exactly one fits: {ra:?} {rb:?}"
    );
    let figures = dealfund::services::funds::figures(&app.db, fund.id)
        .await
        .unwrap();
    assert_eq!(figures.allocated, 600_000);
}

#[rocket::async_test]
async fn quiz_questions_and_criteria_are_added_checked_reordered_and_removed() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    builders::round(&app, &fund, "r", 5_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let bad_quiz = officer
        .post(
            "/officer/rounds/r/quiz",
            &[("question", ""), ("failure_message", "")],
        )
        .await;
    assert_eq!(bad_quiz.status, Status::UnprocessableEntity);
    assert!(
        bad_quiz.body.contains("Enter the question")
            && bad_quiz
                .body
                .contains("Choose the answer that lets someone apply")
    );
    let quiz = officer
        .post(
            "/officer/rounds/r/quiz",
            &[
                ("question", "Are you based here?"),
                ("qualifying_answer", "yes"),
                ("failure_message", "Local groups only"),
            ],
        )
        .await;
    assert_eq!(quiz.status, Status::SeeOther);

    let bad_question = officer
        .post(
            "/officer/rounds/r/questions",
            &[
                ("prompt", "Pick one"),
                ("kind", "single_choice"),
                ("choices", "Only one"),
                ("required", "true"),
            ],
        )
        .await;
    assert!(bad_question.body.contains("Enter at least two choices"));
    assert!(bad_question.body.contains(">Only one</textarea>"));
    let no_limit = officer
        .post(
            "/officer/rounds/r/questions",
            &[
                ("prompt", "Tell us"),
                ("kind", "long_text"),
                ("word_limit", ""),
            ],
        )
        .await;
    assert!(no_limit.body.contains("Enter the word limit"));
    officer
        .post(
            "/officer/rounds/r/questions",
            &[
                ("prompt", "Tell us more"),
                ("kind", "long_text"),
                ("word_limit", "300"),
            ],
        )
        .await;

    let zero = officer
        .post(
            "/officer/rounds/r/criteria",
            &[("title", "Need"), ("weight", "0"), ("outcome_id", "")],
        )
        .await;
    assert_eq!(zero.status, Status::UnprocessableEntity);
    assert!(zero.body.contains("The weight must be 1 or more"));
    for (title, weight) in [("Need", "3"), ("Value", "1")] {
        let page = officer
            .post(
                "/officer/rounds/r/criteria",
                &[("title", title), ("weight", weight), ("outcome_id", "")],
            )
            .await;
        assert_eq!(page.status, Status::SeeOther);
    }
    let round = rounds::by_slug(&app.db, "r").await.unwrap();
    let criteria = dealfund::services::rounds::items::criteria(&app.db, round.id)
        .await
        .unwrap();
    let value = criteria.iter().find(|c| c.title == "Value").unwrap().id;
    officer
        .post(
            &format!("/officer/rounds/r/criteria/{value}/move"),
            &[("direction", "up")],
        )
        .await;
    let order: Vec<String> = dealfund::services::rounds::items::criteria(&app.db, round.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.title)
        .collect();
    assert_eq!(order, ["Value", "Need"]);

    let page = officer.get("/officer/rounds/r").await;
    assert!(
        page.body.contains("Are you based here?")
            && page.body.contains("Tell us more")
            && page.body.contains("up to 300 words")
    );
    officer
        .post(&format!("/officer/rounds/r/criteria/{value}/delete"), &[])
        .await;
    assert_eq!(
        dealfund::services::rounds::items::criteria(&app.db, round.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[rocket::async_test]
async fn a_round_cannot_be_published_without_a_criterion_and_an_outcome() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    let round = builders::round(&app, &fund, "r", 5_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer
        .post("/officer/rounds/r/status", &[("action", "publish")])
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.body.contains("Add at least one scoring criterion"));
    assert!(
        page.body
            .contains("Add at least one outcome to the outcomes framework")
    );

    builders::criterion(&app, &round, "Need", 1).await;
    builders::outcome(&app, "O1").await;
    assert_eq!(
        officer
            .post("/officer/rounds/r/status", &[("action", "publish")])
            .await
            .status,
        Status::SeeOther
    );
    assert!(officer.get("/officer/rounds/r").await.body.contains("Open"));
}

#[rocket::async_test]
async fn a_round_opens_and_closes_with_the_clock_and_officers_move_it_on() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    let now = app.clock.now();
    let input = builders::round_input(
        &app,
        "later",
        now + Duration::days(3),
        now + Duration::days(10),
        5_000,
    );
    let round = rounds::create(
        &app.db,
        &app.clock,
        &Actor::system(),
        app.config.time_zone,
        fund.id,
        &input,
    )
    .await
    .unwrap();
    builders::criterion(&app, &round, "Need", 1).await;
    builders::outcome(&app, "O1").await;
    let (officer, _) = app.login_as(Role::Officer).await;
    officer
        .post("/officer/rounds/later/status", &[("action", "publish")])
        .await;
    let public = app.client().await;

    let upcoming = public.get("/rounds").await;
    assert!(
        upcoming.body.contains("Opens <strong>in 3 days</strong>"),
        "{}",
        upcoming.body
    );
    app.clock.advance(Duration::days(4));
    assert!(
        public
            .get("/rounds")
            .await
            .body
            .contains("Closes <strong>in 6 days</strong>")
    );
    // Days pass: sessions idle for 12 hours end, so the officer signs in again.
    let (officer, _) = app.login_as(Role::Officer).await;
    let early = officer
        .post("/officer/rounds/later/status", &[("action", "assess")])
        .await;
    assert_eq!(early.status, Status::UnprocessableEntity);
    assert!(early.body.contains("still taking applications"));

    app.clock.advance(Duration::days(7));
    assert!(
        public
            .get("/rounds")
            .await
            .body
            .contains("Closed for applications")
    );
    let (officer, _) = app.login_as(Role::Officer).await;
    for (action, label) in [
        ("assess", "In assessment"),
        ("decide", "Decided"),
        ("close", "Closed"),
    ] {
        let page = officer
            .post("/officer/rounds/later/status", &[("action", action)])
            .await;
        assert_eq!(page.status, Status::SeeOther, "{action}");
        assert!(
            officer
                .get("/officer/rounds/later")
                .await
                .body
                .contains(label),
            "{label}"
        );
    }
    let backwards = officer
        .post("/officer/rounds/later/status", &[("action", "publish")])
        .await;
    assert_eq!(backwards.status, Status::UnprocessableEntity);
    let audit = app
        .login_as(Role::Admin)
        .await
        .0
        .get("/admin/audit?action=round.status_changed")
        .await;
    assert!(audit.body.contains("In assessment → Decided"));
}

#[rocket::async_test]
async fn a_submitted_application_locks_the_quiz_questions_and_criteria() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    let round = builders::published_round(&app, &fund, "r", 5_000).await;
    builders::submitted_application(&app, &round, "DCF-2026-0001").await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer.get("/officer/rounds/r").await;
    assert!(
        page.body
            .contains("its quiz, questions and criteria are locked")
    );
    assert!(!page.body.contains("Add a criterion"));
    let add = officer
        .post(
            "/officer/rounds/r/criteria",
            &[("title", "Sneaky"), ("weight", "5"), ("outcome_id", "")],
        )
        .await;
    assert_eq!(add.status, Status::UnprocessableEntity);
    assert!(add.body.contains("can no longer change"));
    let criterion = dealfund::services::rounds::items::criteria(&app.db, round.id)
        .await
        .unwrap()
        .remove(0);
    let delete = officer
        .post(
            &format!("/officer/rounds/r/criteria/{}/delete", criterion.id),
            &[],
        )
        .await;
    assert_eq!(delete.status, Status::UnprocessableEntity);
    assert_eq!(
        dealfund::services::rounds::items::criteria(&app.db, round.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let unpublish = officer
        .post("/officer/rounds/r/status", &[("action", "unpublish")])
        .await;
    assert!(unpublish.body.contains("cannot go back to draft"));
}

#[rocket::async_test]
async fn the_public_sees_open_and_upcoming_rounds_with_criteria_weights_and_questions() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 20_000).await;
    let round = builders::published_round(&app, &fund, "open-round", 5_000).await;
    builders::criterion(&app, &round, "Value for money", 2).await;
    builders::round(&app, &fund, "secret-draft", 5_000).await;
    let public = app.client().await;

    let list = public.get("/rounds").await;
    assert!(list.body.contains("Round open-round") && list.body.contains("£250.00 to £2,000.00"));
    assert!(!list.body.contains("secret-draft"));
    let page = public.get("/rounds/open-round").await;
    assert_eq!(page.status, Status::Ok);
    assert!(
        page.body.contains("Meets local need") && page.body.contains("50%"),
        "weights 2 and 2 share equally"
    );
    assert_eq!(
        public.get("/rounds/secret-draft").await.status,
        Status::NotFound
    );
}

#[rocket::async_test]
async fn the_quiz_says_who_can_apply_and_why_not() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 20_000).await;
    let round = builders::published_round(&app, &fund, "r", 5_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    officer
        .post(
            "/officer/rounds/r/quiz",
            &[
                ("question", "Based in the borough?"),
                ("qualifying_answer", "yes"),
                ("failure_message", "Only local groups can apply"),
            ],
        )
        .await;
    officer
        .post(
            "/officer/rounds/r/quiz",
            &[
                ("question", "Are you a business?"),
                ("qualifying_answer", "no"),
                ("failure_message", "Businesses cannot apply"),
            ],
        )
        .await;
    let quiz = dealfund::services::rounds::items::quiz(&app.db, round.id)
        .await
        .unwrap();
    let (q1, q2) = (format!("q{}", quiz[0].id), format!("q{}", quiz[1].id));
    let public = app.client().await;
    assert!(
        public
            .get("/rounds/r")
            .await
            .body
            .contains("Check if you can apply")
    );

    let missing = public.post("/rounds/r/check", &[(&q1, "yes")]).await;
    assert_eq!(missing.status, Status::UnprocessableEntity);
    assert!(missing.body.contains("Select yes or no"));
    assert!(
        missing.body.contains("value=\"yes\" checked"),
        "the answer given is kept"
    );

    let yes = public
        .post("/rounds/r/check", &[(&q1, "yes"), (&q2, "no")])
        .await;
    assert_eq!(yes.status, Status::Ok);
    assert!(yes.body.contains("You can apply"));
    let no = public
        .post("/rounds/r/check", &[(&q1, "no"), (&q2, "yes")])
        .await;
    assert!(no.body.contains("You cannot apply to this round"));
    assert!(
        no.body.contains("Only local groups can apply")
            && no.body.contains("Businesses cannot apply")
    );
    assert!(no.body.contains("What you could do"));
}

#[rocket::async_test]
async fn a_round_sets_its_payment_and_report_rules_and_they_are_checked() {
    let app = TestApp::new().await;
    builders::fund(&app, "fund", 100_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let now = app.clock.now();
    let mut input = builders::round_input(&app, "rules", now, now + Duration::days(9), 10_000);
    input.upfront_percent = "0".into();
    input.tranche_interval_months = "".into();
    input.single_payment_max = "lots".into();
    let refused = officer
        .post("/officer/funds/fund/rounds", &refs(&form(&input)))
        .await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(
        refused
            .body
            .contains("The up-front share must be 1 or more")
    );
    assert!(refused.body.contains("Enter the months between payments"));
    assert!(refused.body.contains("Enter an amount in pounds and pence"));
    assert!(refused.body.contains("value=\"lots\""));

    input.upfront_percent = "25".into();
    input.tranche_interval_months = "3".into();
    input.single_payment_max = "500".into();
    input.report_interval_months = "4".into();
    let saved = officer
        .post("/officer/funds/fund/rounds", &refs(&form(&input)))
        .await;
    assert_eq!(saved.status, Status::SeeOther, "{}", saved.body);
    let round = rounds::by_slug(&app.db, "rules").await.unwrap();
    assert_eq!(
        (
            round.single_payment_max_pence,
            round.upfront_percent,
            round.tranche_interval_months,
            round.report_interval_months
        ),
        (50_000, 25, 3, 4)
    );
    let page = officer.get("/officer/rounds/rules").await;
    assert!(page.body.contains("Grants up to £500.00 are paid at once"));
    assert!(
        page.body
            .contains("25% up front, then a payment every 3 months")
    );
}
