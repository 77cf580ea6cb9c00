//! Public pages about funding rounds: which are open, what each asks and how bids
//! are judged, and the "check if you can apply" quiz.

use std::collections::HashMap;

use crate::routes::form::Form;
use chrono::{DateTime, Utc};
use entity::{fund, funding_round, outcome};
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::domain::local_time::in_words;
use crate::domain::round::QuestionKindRules;
use crate::domain::round::{Eligibility, Phase, QuizRule, check_eligibility};
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::services::rounds::items as round_items;
use crate::services::{funds, outcomes, rounds};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![list, show, check_page, check]
}

/// A published round as the public pages and the API show it.
#[derive(Serialize)]
pub struct RoundCard {
    name: String,
    slug: String,
    fund_name: String,
    phase: Phase,
    phase_label: &'static str,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    min_grant: i64,
    max_grant: i64,
    max_duration_months: i32,
    /// How far off the next date is: "in 3 days", or "2 days ago" once closed.
    when: String,
}

pub(crate) fn card(
    round: &funding_round::Model,
    fund: &fund::Model,
    now: DateTime<Utc>,
) -> RoundCard {
    let phase = rounds::phase(round, now);
    let when = match phase {
        Phase::Upcoming => in_words(now, round.opens_at),
        _ => in_words(now, round.closes_at),
    };
    RoundCard {
        name: round.name.clone(),
        slug: round.slug.clone(),
        fund_name: fund.name.clone(),
        phase,
        phase_label: phase.label(),
        opens_at: round.opens_at,
        closes_at: round.closes_at,
        min_grant: round.min_grant_pence,
        max_grant: round.max_grant_pence,
        max_duration_months: round.max_duration_months,
        when,
    }
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    open: Vec<RoundCard>,
    upcoming: Vec<RoundCard>,
    closed: Vec<RoundCard>,
}

#[get("/rounds")]
async fn list(layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    let now = ctx.now();
    let (mut open, mut upcoming, mut closed) = (Vec::new(), Vec::new(), Vec::new());
    for card in cards(ctx.db, now).await? {
        match card.phase {
            Phase::Open => open.push(card),
            Phase::Upcoming => upcoming.push(card),
            _ => closed.push(card),
        }
    }
    closed.reverse();
    Ok(Template::render(
        "public/rounds/list",
        ListPage {
            layout: layout.titled("Funding rounds", None),
            open,
            upcoming,
            closed,
        },
    ))
}

/// A published round, or 404 (drafts do not exist for the public).
async fn public_round(
    db: &DatabaseConnection,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<(funding_round::Model, fund::Model), AppError> {
    let round = rounds::by_slug(db, slug).await?;
    if !rounds::phase(&round, now).is_public() {
        return Err(AppError::NotFound);
    }
    let fund = funds::by_id(db, round.fund_id).await?;
    Ok((round, fund))
}

/// A criterion as the public sees it.
#[derive(Serialize)]
pub struct CriterionView {
    title: String,
    guidance: String,
    weight: i32,
    /// The criterion's share of the total weight, in whole percent.
    share: i64,
    outcome: Option<String>,
}

/// A question of the form, as the public sees it.
#[derive(Serialize)]
pub struct QuestionView {
    prompt: String,
    help_text: String,
    kind_label: &'static str,
    word_limit: Option<i32>,
    required: bool,
}

/// Everything public about one round.
#[derive(Serialize)]
pub struct RoundDetail {
    round: RoundCard,
    guidance: String,
    budget: i64,
    criteria: Vec<CriterionView>,
    questions: Vec<QuestionView>,
    has_quiz: bool,
}

/// The published rounds, soonest closing first, as cards.
pub(crate) async fn cards(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<RoundCard>, AppError> {
    Ok(rounds::public_rounds(db)
        .await?
        .iter()
        .map(|(round, fund)| card(round, fund, now))
        .collect())
}

/// A published round with its criteria and questions, or 404.
pub(crate) async fn detail(
    db: &DatabaseConnection,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<RoundDetail, AppError> {
    let (round, fund) = public_round(db, slug, now).await?;
    let outcomes: HashMap<i32, outcome::Model> = outcomes::all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let criteria = round_items::criteria(db, round.id).await?;
    let total_weight: i64 = criteria
        .iter()
        .map(|c| i64::from(c.weight))
        .sum::<i64>()
        .max(1);
    let criteria = criteria
        .into_iter()
        .map(|c| CriterionView {
            share: (i64::from(c.weight) * 100 + total_weight / 2) / total_weight,
            outcome: c
                .outcome_id
                .and_then(|id| outcomes.get(&id))
                .map(|o| o.title.clone()),
            title: c.title,
            guidance: c.guidance,
            weight: c.weight,
        })
        .collect();
    let questions = round_items::questions(db, round.id)
        .await?
        .into_iter()
        .map(|q| QuestionView {
            kind_label: q.kind.label(),
            prompt: q.prompt,
            help_text: q.help_text,
            word_limit: q.word_limit,
            required: q.required,
        })
        .collect();
    let has_quiz = !round_items::quiz(db, round.id).await?.is_empty();
    Ok(RoundDetail {
        round: card(&round, &fund, now),
        guidance: round.guidance.clone(),
        budget: round.budget_pence,
        criteria,
        questions,
        has_quiz,
    })
}

#[derive(Serialize)]
struct ShowPage {
    layout: Layout,
    #[serde(flatten)]
    detail: RoundDetail,
}

#[get("/rounds/<slug>")]
async fn show(layout: Layout, ctx: Ctx<'_>, slug: &str) -> Result<Template, AppError> {
    let detail = detail(ctx.db, slug, ctx.now()).await?;
    Ok(Template::render(
        "public/rounds/show",
        ShowPage {
            layout: layout.titled(&detail.round.name.clone(), None),
            detail,
        },
    ))
}

#[derive(Serialize)]
struct QuizQuestion {
    id: i32,
    field: String,
    question: String,
    answer: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct CheckPage {
    layout: Layout,
    round: RoundCard,
    questions: Vec<QuizQuestion>,
    form: FormView,
}

fn field_name(id: i32) -> String {
    format!("q{id}")
}

async fn check_template(
    db: &DatabaseConnection,
    layout: Layout,
    round: &funding_round::Model,
    fund: &fund::Model,
    now: DateTime<Utc>,
    answers: &HashMap<String, String>,
    unanswered: &[i32],
) -> Result<Template, AppError> {
    let mut form = FormView::default();
    let questions = round_items::quiz(db, round.id)
        .await?
        .into_iter()
        .map(|q| {
            let field = field_name(q.id);
            let error = unanswered
                .contains(&q.id)
                .then(|| "Select yes or no".to_owned());
            if let Some(message) = &error {
                form.add_error(&field, message);
            }
            QuizQuestion {
                id: q.id,
                answer: answers.get(&field).cloned().unwrap_or_default(),
                field,
                question: q.question,
                error,
            }
        })
        .collect();
    Ok(Template::render(
        "public/rounds/check",
        CheckPage {
            layout: layout.titled(
                &format!("Check if you can apply: {}", round.name),
                Some(&form),
            ),
            round: card(round, fund, now),
            questions,
            form,
        },
    ))
}

#[get("/rounds/<slug>/check")]
async fn check_page(layout: Layout, ctx: Ctx<'_>, slug: &str) -> Result<Template, AppError> {
    let now = ctx.now();
    let (round, fund) = public_round(ctx.db, slug, now).await?;
    check_template(ctx.db, layout, &round, &fund, now, &HashMap::new(), &[]).await
}

#[derive(Serialize)]
struct ResultPage {
    layout: Layout,
    round: RoundCard,
    eligible: bool,
    reasons: Vec<String>,
    other_rounds: Vec<RoundCard>,
}

#[post("/rounds/<slug>/check", data = "<answers>")]
async fn check(
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    answers: Form<HashMap<String, String>>,
) -> Result<Reply, AppError> {
    let now = ctx.now();
    let (round, fund) = public_round(ctx.db, slug, now).await?;
    let quiz = round_items::quiz(ctx.db, round.id).await?;
    let rules: Vec<QuizRule> = quiz
        .iter()
        .map(|q| QuizRule {
            id: q.id,
            qualifying_answer: q.qualifying_answer,
            failure_message: q.failure_message.clone(),
        })
        .collect();
    let given: HashMap<i32, bool> = quiz
        .iter()
        .filter_map(
            |q| match answers.get(&field_name(q.id)).map(String::as_str) {
                Some("yes") => Some((q.id, true)),
                Some("no") => Some((q.id, false)),
                _ => None,
            },
        )
        .collect();
    let (eligible, reasons) = match check_eligibility(&rules, &given) {
        Eligibility::Unanswered(missing) => {
            let page =
                check_template(ctx.db, layout, &round, &fund, now, &answers, &missing).await?;
            return Ok(Reply::invalid(page));
        }
        Eligibility::Eligible => (true, Vec::new()),
        Eligibility::NotEligible(reasons) => (false, reasons),
    };
    let other_rounds = rounds::public_rounds(ctx.db)
        .await?
        .into_iter()
        .filter(|(r, _)| {
            r.id != round.id && matches!(rounds::phase(r, now), Phase::Open | Phase::Upcoming)
        })
        .map(|(r, f)| card(&r, &f, now))
        .collect();
    let title = if eligible {
        "You can apply"
    } else {
        "You cannot apply to this round"
    };
    Ok(Reply::Page(Template::render(
        "public/rounds/result",
        ResultPage {
            layout: layout.titled(title, None),
            round: card(&round, &fund, now),
            eligible,
            reasons,
            other_rounds,
        },
    )))
}
