//! Officers' pages for an outcome's indicators: adding, changing, ordering, removing
//! (only when nothing uses one) and retiring.

use crate::routes::form::Form;
use entity::{indicator, outcome};
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::domain::deal::Unit;
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::routes::officer::ordering::{MoveForm, moved_message};
use crate::services::audit::Actor;
use crate::services::outcomes::{self, IndicatorInput};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        new_indicator_page,
        create_indicator,
        edit_indicator_page,
        update_indicator,
        move_indicator,
        remove_indicator_page,
        remove_indicator,
        retire_indicator,
        restore_indicator
    ]
}

const FIELDS: &[&str] = &["name", "unit", "description"];

/// One choice in the list of units.
#[derive(Serialize)]
struct UnitOption {
    value: &'static str,
    label: &'static str,
}

fn unit_options() -> Vec<UnitOption> {
    Unit::ALL
        .into_iter()
        .map(|u| UnitOption {
            value: u.as_str(),
            label: u.label(),
        })
        .collect()
}

#[derive(Serialize)]
struct OutcomeRef {
    id: i32,
    code: String,
    title: String,
}

impl From<&outcome::Model> for OutcomeRef {
    fn from(o: &outcome::Model) -> Self {
        OutcomeRef {
            id: o.id,
            code: o.code.clone(),
            title: o.title.clone(),
        }
    }
}

#[derive(Serialize)]
struct IndicatorFormPage {
    layout: Layout,
    outcome: OutcomeRef,
    heading: String,
    action: String,
    units: Vec<UnitOption>,
    form: FormView,
}

fn form_page(
    layout: Layout,
    outcome: &outcome::Model,
    existing: Option<&indicator::Model>,
    form: FormView,
) -> Template {
    let (heading, action) = match existing {
        Some(i) => (
            format!("Change indicator: {}", i.name),
            format!("/officer/outcomes/{}/indicators/{}/edit", outcome.id, i.id),
        ),
        None => (
            format!("Add an indicator to {}", outcome.code),
            format!("/officer/outcomes/{}/indicators/new", outcome.id),
        ),
    };
    Template::render(
        "officer/outcomes/indicator_form",
        IndicatorFormPage {
            layout: layout.titled(&heading, Some(&form)),
            outcome: outcome.into(),
            heading,
            action,
            units: unit_options(),
            form,
        },
    )
}

#[derive(FromForm)]
struct IndicatorForm {
    name: String,
    unit: String,
    description: String,
}

impl IndicatorForm {
    fn view(&self) -> FormView {
        FormView::new(FIELDS)
            .with("name", self.name.clone())
            .with("unit", self.unit.clone())
            .with("description", self.description.clone())
    }

    fn input(&self) -> IndicatorInput {
        IndicatorInput {
            name: self.name.clone(),
            unit: self.unit.clone(),
            description: self.description.clone(),
        }
    }
}

#[get("/officer/outcomes/<outcome_id>/indicators/new")]
async fn new_indicator_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    outcome_id: i32,
) -> Result<Template, AppError> {
    let found = outcomes::outcome(ctx.db, outcome_id).await?;
    Ok(form_page(layout, &found, None, FormView::new(FIELDS)))
}

#[post("/officer/outcomes/<outcome_id>/indicators/new", data = "<form>")]
async fn create_indicator(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    outcome_id: i32,
    form: Form<IndicatorForm>,
) -> Result<Reply, AppError> {
    let actor = Actor::user(&officer);
    match outcomes::add_indicator(ctx.db, ctx.clock, &actor, outcome_id, form.input())
        .await
        .split_invalid()?
    {
        Ok(added) => Ok(Reply::done(
            format!("/officer/outcomes/{outcome_id}#indicator-{}", added.id),
            format!("Indicator added: {}", added.name),
        )),
        Err(errors) => {
            let found = outcomes::outcome(ctx.db, outcome_id).await?;
            Ok(Reply::invalid(form_page(
                layout,
                &found,
                None,
                form.view().with_errors(&errors),
            )))
        }
    }
}

#[get("/officer/outcomes/<outcome_id>/indicators/<id>/edit")]
async fn edit_indicator_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    outcome_id: i32,
    id: i32,
) -> Result<Template, AppError> {
    let found = outcomes::outcome(ctx.db, outcome_id).await?;
    let item = outcomes::indicator(ctx.db, outcome_id, id).await?;
    let form = FormView::new(FIELDS)
        .with("name", item.name.clone())
        .with("unit", item.unit.clone())
        .with("description", item.description.clone());
    Ok(form_page(layout, &found, Some(&item), form))
}

#[post("/officer/outcomes/<outcome_id>/indicators/<id>/edit", data = "<form>")]
async fn update_indicator(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    outcome_id: i32,
    id: i32,
    form: Form<IndicatorForm>,
) -> Result<Reply, AppError> {
    let actor = Actor::user(&officer);
    match outcomes::update_indicator(ctx.db, ctx.clock, &actor, outcome_id, id, form.input())
        .await
        .split_invalid()?
    {
        Ok(saved) => Ok(Reply::done(
            format!("/officer/outcomes/{outcome_id}#indicator-{id}"),
            format!("Indicator saved: {}", saved.name),
        )),
        Err(errors) => {
            let found = outcomes::outcome(ctx.db, outcome_id).await?;
            let item = outcomes::indicator(ctx.db, outcome_id, id).await?;
            Ok(Reply::invalid(form_page(
                layout,
                &found,
                Some(&item),
                form.view().with_errors(&errors),
            )))
        }
    }
}

#[post("/officer/outcomes/<outcome_id>/indicators/<id>/move", data = "<form>")]
async fn move_indicator(
    officer: Officer,
    ctx: Ctx<'_>,
    outcome_id: i32,
    id: i32,
    form: Form<MoveForm>,
) -> Result<Reply, AppError> {
    let direction = form.direction()?;
    let actor = Actor::user(&officer);
    let (moving, moved) =
        outcomes::move_indicator(ctx.db, ctx.clock, &actor, outcome_id, id, direction).await?;
    Ok(Reply::done(
        format!("/officer/outcomes/{outcome_id}#indicator-{id}"),
        moved_message(&format!("“{}”", moving.name), direction, moved),
    ))
}

#[derive(Serialize)]
struct RemovePage {
    layout: Layout,
    outcome: OutcomeRef,
    indicator_id: i32,
    name: String,
    /// How many targets and reported results use it: then it can only be retired.
    uses: u64,
    retired: bool,
    form: FormView,
}

async fn remove_page(
    ctx: Ctx<'_>,
    layout: Layout,
    outcome_id: i32,
    id: i32,
    form: FormView,
) -> Result<Template, AppError> {
    let found = outcomes::outcome(ctx.db, outcome_id).await?;
    let item = outcomes::indicator(ctx.db, outcome_id, id).await?;
    let uses = outcomes::indicator_uses(ctx.db, id).await?;
    Ok(Template::render(
        "officer/outcomes/remove_indicator",
        RemovePage {
            layout: layout.titled(&format!("Remove indicator: {}", item.name), Some(&form)),
            outcome: (&found).into(),
            indicator_id: item.id,
            name: item.name,
            uses,
            retired: item.retired,
            form,
        },
    ))
}

/// Removing asks first: a slip of the finger should not lose an indicator. One in use
/// is offered retirement instead.
#[get("/officer/outcomes/<outcome_id>/indicators/<id>/remove")]
async fn remove_indicator_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    outcome_id: i32,
    id: i32,
) -> Result<Template, AppError> {
    remove_page(ctx, layout, outcome_id, id, FormView::new(&["remove"])).await
}

/// Removes an unused indicator. One that records use is refused with 409 Conflict and
/// the page says why and offers to retire it.
#[post("/officer/outcomes/<outcome_id>/indicators/<id>/remove")]
async fn remove_indicator(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    outcome_id: i32,
    id: i32,
) -> Result<Reply, AppError> {
    let actor = Actor::user(&officer);
    match outcomes::remove_indicator(ctx.db, ctx.clock, &actor, outcome_id, id)
        .await
        .split_invalid()?
    {
        Ok(removed) => Ok(Reply::done(
            format!("/officer/outcomes/{outcome_id}"),
            format!("Indicator removed: {}", removed.name),
        )),
        Err(errors) => {
            let form = FormView::new(&["remove"]).with_errors(&errors);
            let page = remove_page(ctx, layout, outcome_id, id, form).await?;
            Ok(Reply::Invalid((Status::Conflict, page)))
        }
    }
}

#[post("/officer/outcomes/<outcome_id>/indicators/<id>/retire")]
async fn retire_indicator(
    officer: Officer,
    ctx: Ctx<'_>,
    outcome_id: i32,
    id: i32,
) -> Result<Reply, AppError> {
    let actor = Actor::user(&officer);
    let item =
        outcomes::set_indicator_retired(ctx.db, ctx.clock, &actor, outcome_id, id, true).await?;
    Ok(Reply::done(
        format!("/officer/outcomes/{outcome_id}#indicator-{id}"),
        format!(
            "Indicator retired: {}. New applications cannot choose it; the records that use it keep it",
            item.name
        ),
    ))
}

#[post("/officer/outcomes/<outcome_id>/indicators/<id>/restore")]
async fn restore_indicator(
    officer: Officer,
    ctx: Ctx<'_>,
    outcome_id: i32,
    id: i32,
) -> Result<Reply, AppError> {
    let actor = Actor::user(&officer);
    let item =
        outcomes::set_indicator_retired(ctx.db, ctx.clock, &actor, outcome_id, id, false).await?;
    Ok(Reply::done(
        format!("/officer/outcomes/{outcome_id}#indicator-{id}"),
        format!(
            "Indicator restored: {}. Applicants can choose it again",
            item.name
        ),
    ))
}
