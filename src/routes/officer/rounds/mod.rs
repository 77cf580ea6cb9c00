//! Officers' pages for a fund's rounds: details, phase, and the round's lists.

mod items;

use crate::routes::form::Form;
use chrono::{DateTime, Utc};
use entity::{criterion, eligibility_question, funding_round, outcome, round_question};
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::config::AppConfig;
use crate::domain::local_time::{date_input, time_input};
use crate::domain::money::Money;
use crate::domain::round::QuestionKindRules;
use crate::domain::round::{Phase, Transition};
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::rounds::items as round_items;
use crate::services::rounds::{self, RoundInput};
use crate::services::{funds, outcomes};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    let mut all = routes![
        new_round,
        create_round,
        show,
        edit_round,
        update_round,
        change_status
    ];
    all.extend(items::routes());
    all
}

/// The fields whose errors the round's own page shows.
pub(super) const ROUND_PAGE_FIELDS: &[&str] = &["status", "locked", "criteria"];

const ROUND_FIELDS: &[&str] = &[
    "name",
    "slug",
    "guidance",
    "opens_date",
    "opens_time",
    "closes_date",
    "closes_time",
    "budget",
    "min_grant",
    "max_grant",
    "max_duration_months",
    "fundable_threshold",
    "disagreement_margin",
    "single_payment_max",
    "upfront_percent",
    "tranche_interval_months",
    "report_interval_months",
];

#[derive(FromForm)]
struct RoundForm {
    name: String,
    slug: String,
    guidance: String,
    opens_date: String,
    opens_time: String,
    closes_date: String,
    closes_time: String,
    budget: String,
    min_grant: String,
    max_grant: String,
    max_duration_months: String,
    fundable_threshold: String,
    disagreement_margin: String,
    single_payment_max: String,
    upfront_percent: String,
    tranche_interval_months: String,
    report_interval_months: String,
}

impl RoundForm {
    fn input(&self) -> RoundInput {
        RoundInput {
            name: self.name.clone(),
            slug: self.slug.clone(),
            guidance: self.guidance.clone(),
            opens_date: self.opens_date.clone(),
            opens_time: self.opens_time.clone(),
            closes_date: self.closes_date.clone(),
            closes_time: self.closes_time.clone(),
            budget: self.budget.clone(),
            min_grant: self.min_grant.clone(),
            max_grant: self.max_grant.clone(),
            max_duration_months: self.max_duration_months.clone(),
            fundable_threshold: self.fundable_threshold.clone(),
            disagreement_margin: self.disagreement_margin.clone(),
            single_payment_max: self.single_payment_max.clone(),
            upfront_percent: self.upfront_percent.clone(),
            tranche_interval_months: self.tranche_interval_months.clone(),
            report_interval_months: self.report_interval_months.clone(),
        }
    }

    fn view(&self) -> FormView {
        let input = self.input();
        view_of(&input)
    }
}

fn view_of(input: &RoundInput) -> FormView {
    FormView::new(ROUND_FIELDS)
        .with("name", &input.name)
        .with("slug", &input.slug)
        .with("guidance", &input.guidance)
        .with("opens_date", &input.opens_date)
        .with("opens_time", &input.opens_time)
        .with("closes_date", &input.closes_date)
        .with("closes_time", &input.closes_time)
        .with("budget", &input.budget)
        .with("min_grant", &input.min_grant)
        .with("max_grant", &input.max_grant)
        .with("max_duration_months", &input.max_duration_months)
        .with("fundable_threshold", &input.fundable_threshold)
        .with("disagreement_margin", &input.disagreement_margin)
        .with("single_payment_max", &input.single_payment_max)
        .with("upfront_percent", &input.upfront_percent)
        .with("tranche_interval_months", &input.tranche_interval_months)
        .with("report_interval_months", &input.report_interval_months)
}

#[derive(Serialize)]
struct RoundFormPage {
    layout: Layout,
    form: FormView,
    fund_name: String,
    fund_slug: String,
    /// The round being changed; none when adding one.
    slug: Option<String>,
    time_zone: String,
}

fn round_form(
    layout: Layout,
    config: &AppConfig,
    fund: &entity::fund::Model,
    form: FormView,
    slug: Option<String>,
) -> Template {
    let title = if slug.is_some() {
        "Change the round"
    } else {
        "Add a round"
    };
    Template::render(
        "officer/rounds/form",
        RoundFormPage {
            layout: layout.titled(title, Some(&form)),
            form,
            fund_name: fund.name.clone(),
            fund_slug: fund.slug.clone(),
            slug,
            time_zone: config.time_zone.name().to_owned(),
        },
    )
}

#[get("/officer/funds/<fund_slug>/rounds/new")]
async fn new_round(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    fund_slug: &str,
) -> Result<Template, AppError> {
    let fund = funds::by_slug(ctx.db, fund_slug).await?;
    let defaults = RoundInput {
        opens_time: "09:00".into(),
        closes_time: "17:00".into(),
        fundable_threshold: "60".into(),
        disagreement_margin: "20".into(),
        single_payment_max: "2000".into(),
        upfront_percent: "50".into(),
        tranche_interval_months: "6".into(),
        report_interval_months: "6".into(),
        ..Default::default()
    };
    Ok(round_form(
        layout,
        ctx.config,
        &fund,
        view_of(&defaults),
        None,
    ))
}

#[post("/officer/funds/<fund_slug>/rounds", data = "<form>")]
async fn create_round(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    fund_slug: &str,
    form: Form<RoundForm>,
) -> Result<Reply, AppError> {
    let fund = funds::by_slug(ctx.db, fund_slug).await?;
    match rounds::create(
        ctx.db,
        ctx.clock,
        &Actor::user(&officer),
        ctx.tz,
        fund.id,
        &form.input(),
    )
    .await
    .split_invalid()?
    {
        Ok(round) => Ok(Reply::done(
            format!("/officer/rounds/{}", round.slug),
            "Round added as a draft",
        )),
        Err(errors) => Ok(Reply::invalid(round_form(
            layout,
            ctx.config,
            &fund,
            form.view().with_errors(&errors),
            None,
        ))),
    }
}

#[get("/officer/rounds/<slug>/edit")]
async fn edit_round(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
) -> Result<Template, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let fund = funds::by_id(ctx.db, round.fund_id).await?;
    let tz = ctx.tz;
    let input = RoundInput {
        name: round.name.clone(),
        slug: round.slug.clone(),
        guidance: round.guidance.clone(),
        opens_date: date_input(round.opens_at, tz),
        opens_time: time_input(round.opens_at, tz),
        closes_date: date_input(round.closes_at, tz),
        closes_time: time_input(round.closes_at, tz),
        budget: Money(round.budget_pence).to_input(),
        min_grant: Money(round.min_grant_pence).to_input(),
        max_grant: Money(round.max_grant_pence).to_input(),
        max_duration_months: round.max_duration_months.to_string(),
        fundable_threshold: round.fundable_threshold.to_string(),
        disagreement_margin: round.disagreement_margin.to_string(),
        single_payment_max: Money(round.single_payment_max_pence).to_input(),
        upfront_percent: round.upfront_percent.to_string(),
        tranche_interval_months: round.tranche_interval_months.to_string(),
        report_interval_months: round.report_interval_months.to_string(),
    };
    Ok(round_form(
        layout,
        ctx.config,
        &fund,
        view_of(&input),
        Some(round.slug),
    ))
}

#[post("/officer/rounds/<slug>", data = "<form>")]
async fn update_round(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    form: Form<RoundForm>,
) -> Result<Reply, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    match rounds::update(
        ctx.db,
        ctx.clock,
        &Actor::user(&officer),
        ctx.tz,
        round.id,
        &form.input(),
    )
    .await
    .split_invalid()?
    {
        Ok(updated) => Ok(Reply::done(
            format!("/officer/rounds/{}", updated.slug),
            "Round saved",
        )),
        Err(errors) => {
            let fund = funds::by_id(ctx.db, round.fund_id).await?;
            Ok(Reply::invalid(round_form(
                layout,
                ctx.config,
                &fund,
                form.view().with_errors(&errors),
                Some(round.slug),
            )))
        }
    }
}

#[derive(Serialize)]
struct RoundView {
    name: String,
    slug: String,
    guidance: String,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    budget: i64,
    min_grant: i64,
    max_grant: i64,
    max_duration_months: i32,
    fundable_threshold: i32,
    disagreement_margin: i32,
    single_payment_max: i64,
    upfront_percent: i32,
    tranche_interval_months: i32,
    report_interval_months: i32,
    phase: Phase,
    phase_label: &'static str,
}

impl RoundView {
    fn new(round: &funding_round::Model, now: DateTime<Utc>) -> Self {
        let phase = rounds::phase(round, now);
        RoundView {
            name: round.name.clone(),
            slug: round.slug.clone(),
            guidance: round.guidance.clone(),
            opens_at: round.opens_at,
            closes_at: round.closes_at,
            budget: round.budget_pence,
            min_grant: round.min_grant_pence,
            max_grant: round.max_grant_pence,
            max_duration_months: round.max_duration_months,
            fundable_threshold: round.fundable_threshold,
            disagreement_margin: round.disagreement_margin,
            single_payment_max: round.single_payment_max_pence,
            upfront_percent: round.upfront_percent,
            tranche_interval_months: round.tranche_interval_months,
            report_interval_months: round.report_interval_months,
            phase,
            phase_label: phase.label(),
        }
    }
}

/// A button that moves the round on.
#[derive(Serialize)]
struct Action {
    action: &'static str,
    label: &'static str,
    warning: bool,
}

/// The moves an officer can make now. Going back to draft is offered only while
/// nobody has started an application, because it is refused after that.
fn actions(phase: Phase, has_applications: bool) -> Vec<Action> {
    let action = |action, label, warning| Action {
        action,
        label,
        warning,
    };
    match phase {
        Phase::Draft => vec![action("publish", "Publish the round", false)],
        Phase::Upcoming | Phase::Open if has_applications => Vec::new(),
        Phase::Upcoming | Phase::Open => vec![action("unpublish", "Take back to draft", true)],
        Phase::ClosedForApplications if has_applications => {
            vec![action("assess", "Start assessment", false)]
        }
        Phase::ClosedForApplications => {
            vec![
                action("assess", "Start assessment", false),
                action("unpublish", "Take back to draft", true),
            ]
        }
        Phase::Assessment => vec![action("decide", "Mark as decided", false)],
        Phase::Decided => vec![action("close", "Close the round", false)],
        Phase::Closed => Vec::new(),
    }
}

#[derive(Serialize)]
struct CriterionRow {
    id: i32,
    title: String,
    guidance: String,
    weight: i32,
    outcome: Option<String>,
}

#[derive(Serialize)]
struct QuestionRow {
    id: i32,
    prompt: String,
    kind_label: &'static str,
    required: bool,
    word_limit: Option<i32>,
}

#[derive(Serialize)]
struct QuizRow {
    id: i32,
    question: String,
    qualifying_answer: &'static str,
    failure_message: String,
}

impl From<eligibility_question::Model> for QuizRow {
    fn from(q: eligibility_question::Model) -> Self {
        QuizRow {
            id: q.id,
            question: q.question,
            qualifying_answer: if q.qualifying_answer { "Yes" } else { "No" },
            failure_message: q.failure_message,
        }
    }
}

#[derive(Serialize)]
struct ShowPage {
    layout: Layout,
    round: RoundView,
    fund_name: String,
    fund_slug: String,
    actions: Vec<Action>,
    locked: bool,
    quiz: Vec<QuizRow>,
    questions: Vec<QuestionRow>,
    criteria: Vec<CriterionRow>,
    form: FormView,
}

async fn show_page(
    ctx: Ctx<'_>,
    layout: Layout,
    round: &funding_round::Model,
    form: FormView,
) -> Result<Template, AppError> {
    let now = ctx.now();
    let fund = funds::by_id(ctx.db, round.fund_id).await?;
    let outcomes: Vec<outcome::Model> = outcomes::all(ctx.db).await?;
    let outcome_name = |id: Option<i32>| {
        id.and_then(|id| outcomes.iter().find(|o| o.id == id))
            .map(|o| format!("{} {}", o.code, o.title))
    };
    let criteria = round_items::criteria(ctx.db, round.id)
        .await?
        .into_iter()
        .map(|c: criterion::Model| CriterionRow {
            outcome: outcome_name(c.outcome_id),
            id: c.id,
            title: c.title,
            guidance: c.guidance,
            weight: c.weight,
        })
        .collect();
    let questions = round_items::questions(ctx.db, round.id)
        .await?
        .into_iter()
        .map(|q: round_question::Model| QuestionRow {
            id: q.id,
            kind_label: q.kind.label(),
            prompt: q.prompt,
            required: q.required,
            word_limit: q.word_limit,
        })
        .collect();
    let view = RoundView::new(round, now);
    Ok(Template::render(
        "officer/rounds/show",
        ShowPage {
            layout: layout.titled(&round.name, Some(&form)),
            actions: actions(
                view.phase,
                rounds::has_applications(ctx.db, round.id).await?,
            ),
            round: view,
            fund_name: fund.name,
            fund_slug: fund.slug,
            locked: rounds::is_locked(ctx.db, round.id).await?,
            quiz: round_items::quiz(ctx.db, round.id)
                .await?
                .into_iter()
                .map(QuizRow::from)
                .collect(),
            questions,
            criteria,
            form,
        },
    ))
}

#[get("/officer/rounds/<slug>")]
async fn show(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
) -> Result<Template, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    show_page(ctx, layout, &round, FormView::new(ROUND_PAGE_FIELDS)).await
}

#[derive(FromForm)]
struct StatusForm {
    action: String,
}

#[post("/officer/rounds/<slug>/status", data = "<form>")]
async fn change_status(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    form: Form<StatusForm>,
) -> Result<Reply, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let Some(transition) = Transition::parse(&form.action) else {
        return Err(AppError::BadRequest("unknown round action".into()));
    };
    match rounds::transition(
        ctx.db,
        ctx.clock,
        &Actor::user(&officer),
        round.id,
        transition,
    )
    .await
    .split_invalid()?
    {
        Ok(updated) => {
            let phase = rounds::phase(&updated, ctx.now());
            Ok(Reply::done(
                format!("/officer/rounds/{slug}"),
                format!("The round is now: {}", phase.label()),
            ))
        }
        Err(errors) => {
            let form = FormView::new(ROUND_PAGE_FIELDS).with_errors(&errors);
            Ok(Reply::invalid(show_page(ctx, layout, &round, form).await?))
        }
    }
}
