//! Officers' pages for the outcomes framework: the list of outcomes, adding,
//! changing and ordering them. Each outcome's indicators are in [`indicators`].

mod indicators;

use crate::routes::form::Form;
use entity::outcome;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::domain::deal::{Unit, paragraphs};
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::routes::officer::ordering::{MoveButtons, MoveForm, moved_message};
use crate::services::audit::Actor;
use crate::services::outcomes::{self, OutcomeInput};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    let mut all = routes![
        outcomes_page,
        new_outcome_page,
        create_outcome,
        outcome_page,
        edit_outcome_page,
        update_outcome,
        move_outcome
    ];
    all.extend(indicators::routes());
    all
}

const FIELDS: &[&str] = &["code", "title", "description"];

#[derive(Serialize)]
struct OutcomeRow {
    id: i32,
    code: String,
    title: String,
    indicators: Vec<String>,
    moving: MoveButtons,
}

#[derive(Serialize)]
struct OutcomesPage {
    layout: Layout,
    outcomes: Vec<OutcomeRow>,
}

#[get("/officer/outcomes")]
async fn outcomes_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
) -> Result<Template, AppError> {
    let framework = outcomes::framework(ctx.db).await?;
    let len = framework.len();
    let rows = framework
        .into_iter()
        .enumerate()
        .map(|(index, item)| OutcomeRow {
            moving: MoveButtons::new(
                format!("/officer/outcomes/{}/move", item.outcome.id),
                format!("{} {}", item.outcome.code, item.outcome.title),
                index,
                len,
            ),
            id: item.outcome.id,
            code: item.outcome.code,
            title: item.outcome.title,
            indicators: item.indicators.into_iter().map(|i| i.name).collect(),
        })
        .collect();
    Ok(Template::render(
        "officer/outcomes/index",
        OutcomesPage {
            layout: layout.titled("Outcomes", None),
            outcomes: rows,
        },
    ))
}

#[derive(Serialize)]
struct OutcomeFormPage {
    layout: Layout,
    heading: String,
    action: String,
    back: String,
    form: FormView,
}

fn form_page(layout: Layout, existing: Option<&outcome::Model>, form: FormView) -> Template {
    let (heading, action, back) = match existing {
        Some(o) => (
            format!("Change outcome {}", o.code),
            format!("/officer/outcomes/{}/edit", o.id),
            format!("/officer/outcomes/{}", o.id),
        ),
        None => (
            "Add an outcome".to_owned(),
            "/officer/outcomes/new".to_owned(),
            "/officer/outcomes".to_owned(),
        ),
    };
    Template::render(
        "officer/outcomes/form",
        OutcomeFormPage {
            layout: layout.titled(&heading, Some(&form)),
            heading,
            action,
            back,
            form,
        },
    )
}

#[derive(FromForm)]
struct OutcomeForm {
    code: String,
    title: String,
    description: String,
}

impl OutcomeForm {
    fn view(&self) -> FormView {
        FormView::new(FIELDS)
            .with("code", self.code.clone())
            .with("title", self.title.clone())
            .with("description", self.description.clone())
    }

    fn input(&self) -> OutcomeInput {
        OutcomeInput {
            code: self.code.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
        }
    }
}

#[get("/officer/outcomes/new")]
fn new_outcome_page(_officer: Officer, layout: Layout) -> Template {
    form_page(layout, None, FormView::new(FIELDS))
}

#[post("/officer/outcomes/new", data = "<form>")]
async fn create_outcome(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    form: Form<OutcomeForm>,
) -> Result<Reply, AppError> {
    match outcomes::add_outcome(ctx.db, ctx.clock, &Actor::user(&officer), form.input())
        .await
        .split_invalid()?
    {
        Ok(added) => Ok(Reply::done(
            format!("/officer/outcomes/{}", added.id),
            format!("Outcome added: {} {}", added.code, added.title),
        )),
        Err(errors) => Ok(Reply::invalid(form_page(
            layout,
            None,
            form.view().with_errors(&errors),
        ))),
    }
}

#[derive(Serialize)]
struct OutcomeView {
    id: i32,
    code: String,
    title: String,
    description: Vec<String>,
}

#[derive(Serialize)]
struct IndicatorRow {
    id: i32,
    name: String,
    unit: String,
    description: String,
    retired: bool,
    moving: MoveButtons,
}

#[derive(Serialize)]
struct OutcomePage {
    layout: Layout,
    outcome: OutcomeView,
    indicators: Vec<IndicatorRow>,
}

#[get("/officer/outcomes/<id>")]
async fn outcome_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let found = outcomes::outcome_with_indicators(ctx.db, id).await?;
    let len = found.indicators.len();
    let indicators = found
        .indicators
        .into_iter()
        .enumerate()
        .map(|(index, i)| IndicatorRow {
            moving: MoveButtons::new(
                format!("/officer/outcomes/{id}/indicators/{}/move", i.id),
                i.name.clone(),
                index,
                len,
            ),
            id: i.id,
            unit: Unit::label_for(&i.unit),
            name: i.name,
            description: i.description,
            retired: i.retired,
        })
        .collect();
    let o = found.outcome;
    Ok(Template::render(
        "officer/outcomes/show",
        OutcomePage {
            layout: layout.titled(&format!("Outcome {}: {}", o.code, o.title), None),
            outcome: OutcomeView {
                id: o.id,
                description: paragraphs(&o.description),
                code: o.code,
                title: o.title,
            },
            indicators,
        },
    ))
}

#[get("/officer/outcomes/<id>/edit")]
async fn edit_outcome_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let found = outcomes::outcome(ctx.db, id).await?;
    let form = FormView::new(FIELDS)
        .with("code", found.code.clone())
        .with("title", found.title.clone())
        .with("description", found.description.clone());
    Ok(form_page(layout, Some(&found), form))
}

#[post("/officer/outcomes/<id>/edit", data = "<form>")]
async fn update_outcome(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<OutcomeForm>,
) -> Result<Reply, AppError> {
    match outcomes::update_outcome(ctx.db, ctx.clock, &Actor::user(&officer), id, form.input())
        .await
        .split_invalid()?
    {
        Ok(saved) => Ok(Reply::done(
            format!("/officer/outcomes/{id}"),
            format!("Outcome saved: {} {}", saved.code, saved.title),
        )),
        Err(errors) => {
            let found = outcomes::outcome(ctx.db, id).await?;
            Ok(Reply::invalid(form_page(
                layout,
                Some(&found),
                form.view().with_errors(&errors),
            )))
        }
    }
}

#[post("/officer/outcomes/<id>/move", data = "<form>")]
async fn move_outcome(
    officer: Officer,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<MoveForm>,
) -> Result<Reply, AppError> {
    let direction = form.direction()?;
    let (moving, moved) =
        outcomes::move_outcome(ctx.db, ctx.clock, &Actor::user(&officer), id, direction).await?;
    Ok(Reply::done(
        format!("/officer/outcomes#outcome-{id}"),
        moved_message(&format!("outcome {}", moving.code), direction, moved),
    ))
}
