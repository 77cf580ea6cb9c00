//! Adding, changing, reordering and removing a round's quiz questions, extra
//! questions and scoring criteria. The list is named in the path: `quiz`,
//! `questions` or `criteria`.

use crate::routes::form::Form;
use entity::funding_round;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::Officer;
use crate::domain::ordering::Direction;
use crate::domain::round::{QUESTION_KINDS, QuestionKind, QuestionKindRules};
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::rounds::items::{
    self as round_items, CriterionInput, ItemKind, QuestionInput, QuizInput,
};
use crate::services::{outcomes, rounds};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        new_item,
        create_item,
        edit_item,
        update_item,
        delete_item,
        move_item
    ]
}

const ITEM_FIELDS: &[&str] = &[
    "question",
    "qualifying_answer",
    "failure_message",
    "prompt",
    "help_text",
    "kind",
    "word_limit",
    "choices",
    "required",
    "title",
    "guidance",
    "weight",
    "outcome_id",
    "locked",
];

/// Every field any of the three lists uses; each list reads its own.
#[derive(FromForm, Default)]
struct ItemForm {
    #[field(default = String::new())]
    question: String,
    #[field(default = String::new())]
    qualifying_answer: String,
    #[field(default = String::new())]
    failure_message: String,
    #[field(default = String::new())]
    prompt: String,
    #[field(default = String::new())]
    help_text: String,
    #[field(default = String::new())]
    kind: String,
    #[field(default = String::new())]
    word_limit: String,
    #[field(default = String::new())]
    choices: String,
    #[field(default = false)]
    required: bool,
    #[field(default = String::new())]
    title: String,
    #[field(default = String::new())]
    guidance: String,
    #[field(default = String::new())]
    weight: String,
    #[field(default = String::new())]
    outcome_id: String,
}

impl ItemForm {
    fn view(&self) -> FormView {
        FormView::new(ITEM_FIELDS)
            .with("question", &self.question)
            .with("qualifying_answer", &self.qualifying_answer)
            .with("failure_message", &self.failure_message)
            .with("prompt", &self.prompt)
            .with("help_text", &self.help_text)
            .with("kind", &self.kind)
            .with("word_limit", &self.word_limit)
            .with("choices", &self.choices)
            .with("required", if self.required { "true" } else { "" })
            .with("title", &self.title)
            .with("guidance", &self.guidance)
            .with("weight", &self.weight)
            .with("outcome_id", &self.outcome_id)
    }
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct ItemPage {
    layout: Layout,
    round_name: String,
    round_slug: String,
    kind: &'static str,
    heading: &'static str,
    /// The item being changed; none when adding one.
    id: Option<i32>,
    form: FormView,
    question_kinds: Vec<Choice>,
    outcomes: Vec<Choice>,
}

fn kind_of(segment: &str) -> Result<ItemKind, AppError> {
    ItemKind::from_path(segment).ok_or(AppError::NotFound)
}

fn heading(kind: ItemKind, adding: bool) -> &'static str {
    match (kind, adding) {
        (ItemKind::Quiz, true) => "Add a quiz question",
        (ItemKind::Quiz, false) => "Change a quiz question",
        (ItemKind::Question, true) => "Add a question for applicants",
        (ItemKind::Question, false) => "Change a question for applicants",
        (ItemKind::Criterion, true) => "Add a scoring criterion",
        (ItemKind::Criterion, false) => "Change a scoring criterion",
    }
}

async fn item_page(
    db: &DatabaseConnection,
    layout: Layout,
    round: &funding_round::Model,
    kind: ItemKind,
    id: Option<i32>,
    form: FormView,
) -> Result<Template, AppError> {
    let outcomes = outcomes::all(db)
        .await?
        .into_iter()
        .map(|o| Choice {
            value: o.id.to_string(),
            label: format!("{} {}", o.code, o.title),
        })
        .collect();
    let question_kinds = QUESTION_KINDS
        .iter()
        .map(|k| Choice {
            value: k.as_str().to_owned(),
            label: k.label().to_owned(),
        })
        .collect();
    Ok(Template::render(
        "officer/rounds/item",
        ItemPage {
            layout: layout.titled(heading(kind, id.is_none()), Some(&form)),
            round_name: round.name.clone(),
            round_slug: round.slug.clone(),
            kind: kind.path(),
            heading: heading(kind, id.is_none()),
            id,
            form,
            question_kinds,
            outcomes,
        },
    ))
}

#[get("/officer/rounds/<slug>/<kind>/new")]
async fn new_item(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    kind: &str,
) -> Result<Template, AppError> {
    let kind = kind_of(kind)?;
    let round = rounds::by_slug(ctx.db, slug).await?;
    let defaults = ItemForm {
        qualifying_answer: "yes".into(),
        kind: QuestionKind::LongText.as_str().into(),
        word_limit: "250".into(),
        weight: "1".into(),
        required: true,
        ..Default::default()
    };
    item_page(ctx.db, layout, &round, kind, None, defaults.view()).await
}

#[get("/officer/rounds/<slug>/<kind>/<id>/edit")]
async fn edit_item(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    kind: &str,
    id: i32,
) -> Result<Template, AppError> {
    let kind = kind_of(kind)?;
    let round = rounds::by_slug(ctx.db, slug).await?;
    let form = match kind {
        ItemKind::Quiz => {
            let q = round_items::find_quiz(ctx.db, round.id, id).await?;
            ItemForm {
                question: q.question,
                qualifying_answer: if q.qualifying_answer { "yes" } else { "no" }.into(),
                failure_message: q.failure_message,
                ..Default::default()
            }
        }
        ItemKind::Question => {
            let q = round_items::find_question(ctx.db, round.id, id).await?;
            ItemForm {
                prompt: q.prompt,
                help_text: q.help_text,
                kind: q.kind.as_str().to_owned(),
                word_limit: q.word_limit.map(|w| w.to_string()).unwrap_or_default(),
                choices: q.choices,
                required: q.required,
                ..Default::default()
            }
        }
        ItemKind::Criterion => {
            let c = round_items::find_criterion(ctx.db, round.id, id).await?;
            ItemForm {
                title: c.title,
                guidance: c.guidance,
                weight: c.weight.to_string(),
                outcome_id: c.outcome_id.map(|o| o.to_string()).unwrap_or_default(),
                ..Default::default()
            }
        }
    };
    item_page(ctx.db, layout, &round, kind, Some(id), form.view()).await
}

async fn save(
    ctx: Ctx<'_>,
    actor: &Actor,
    round_id: i32,
    kind: ItemKind,
    id: Option<i32>,
    form: &ItemForm,
) -> Result<(), AppError> {
    match kind {
        ItemKind::Quiz => {
            let input = QuizInput {
                question: form.question.clone(),
                qualifying_answer: form.qualifying_answer.clone(),
                failure_message: form.failure_message.clone(),
            };
            round_items::save_quiz(ctx.db, ctx.clock, actor, round_id, id, &input).await
        }
        ItemKind::Question => {
            let input = QuestionInput {
                prompt: form.prompt.clone(),
                help_text: form.help_text.clone(),
                kind: form.kind.clone(),
                word_limit: form.word_limit.clone(),
                choices: form.choices.clone(),
                required: form.required,
            };
            round_items::save_question(ctx.db, ctx.clock, actor, round_id, id, &input).await
        }
        ItemKind::Criterion => {
            let input = CriterionInput {
                title: form.title.clone(),
                guidance: form.guidance.clone(),
                weight: form.weight.clone(),
                outcome_id: form.outcome_id.clone(),
            };
            round_items::save_criterion(ctx.db, ctx.clock, actor, round_id, id, &input).await
        }
    }
}

async fn save_and_reply(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    kind: &str,
    id: Option<i32>,
    form: &ItemForm,
) -> Result<Reply, AppError> {
    let kind = kind_of(kind)?;
    let round = rounds::by_slug(ctx.db, slug).await?;
    match save(ctx, &Actor::user(&officer), round.id, kind, id, form)
        .await
        .split_invalid()?
    {
        Ok(()) => Ok(Reply::done(
            format!("/officer/rounds/{slug}#{}", kind.path()),
            "Saved",
        )),
        Err(errors) => Ok(Reply::invalid(
            item_page(
                ctx.db,
                layout,
                &round,
                kind,
                id,
                form.view().with_errors(&errors),
            )
            .await?,
        )),
    }
}

#[post("/officer/rounds/<slug>/<kind>", data = "<form>", rank = 2)]
async fn create_item(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    kind: &str,
    form: Form<ItemForm>,
) -> Result<Reply, AppError> {
    save_and_reply(officer, layout, ctx, slug, kind, None, &form).await
}

#[post("/officer/rounds/<slug>/<kind>/<id>", data = "<form>")]
async fn update_item(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    kind: &str,
    id: i32,
    form: Form<ItemForm>,
) -> Result<Reply, AppError> {
    save_and_reply(officer, layout, ctx, slug, kind, Some(id), &form).await
}

/// What went wrong with a move or removal is shown on the round's page.
async fn on_round_page(
    result: Result<(), AppError>,
    ctx: Ctx<'_>,
    layout: Layout,
    slug: &str,
    done: &str,
) -> Result<Reply, AppError> {
    match result.split_invalid()? {
        Ok(()) => Ok(Reply::done(format!("/officer/rounds/{slug}"), done)),
        Err(errors) => {
            let round = rounds::by_slug(ctx.db, slug).await?;
            let form = FormView::new(super::ROUND_PAGE_FIELDS).with_errors(&errors);
            Ok(Reply::invalid(
                super::show_page(ctx, layout, &round, form).await?,
            ))
        }
    }
}

#[post("/officer/rounds/<slug>/<kind>/<id>/delete")]
async fn delete_item(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    kind: &str,
    id: i32,
) -> Result<Reply, AppError> {
    let kind = kind_of(kind)?;
    let round = rounds::by_slug(ctx.db, slug).await?;
    let result = round_items::delete_item(
        ctx.db,
        ctx.clock,
        &Actor::user(&officer),
        round.id,
        kind,
        id,
    )
    .await;
    on_round_page(result, ctx, layout, slug, "Removed").await
}

#[derive(FromForm)]
struct MoveForm {
    direction: String,
}

#[post("/officer/rounds/<slug>/<kind>/<id>/move", data = "<form>")]
async fn move_item(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    kind: &str,
    id: i32,
    form: Form<MoveForm>,
) -> Result<Reply, AppError> {
    let kind = kind_of(kind)?;
    let round = rounds::by_slug(ctx.db, slug).await?;
    let direction = Direction::parse(&form.direction)
        .ok_or_else(|| AppError::BadRequest("unknown direction".into()))?;
    let result = round_items::move_item(
        ctx.db,
        ctx.clock,
        &Actor::user(&officer),
        round.id,
        kind,
        id,
        direction,
    )
    .await;
    on_round_page(result, ctx, layout, slug, "Moved").await
}
