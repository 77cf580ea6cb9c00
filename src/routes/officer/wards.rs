//! Officers' pages for wards: the list, adding a ward and changing one.

use crate::routes::form::Form;
use entity::ward;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::error::{AppError, SplitInvalid};
use crate::routes::Pager;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::wards::{self, WardInput};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        wards_page,
        new_ward_page,
        create_ward,
        edit_ward_page,
        update_ward
    ]
}

const FIELDS: &[&str] = &["name", "code"];

#[derive(Serialize)]
struct WardRow {
    id: i32,
    name: String,
    code: String,
}

#[derive(Serialize)]
struct WardsPage {
    layout: Layout,
    wards: Vec<WardRow>,
    pager: Pager,
}

#[get("/officer/wards?<page>")]
async fn wards_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let (found, paging) = wards::list(ctx.db, page).await?;
    Ok(Template::render(
        "officer/wards/index",
        WardsPage {
            layout: layout.titled("Wards", None),
            pager: Pager::new("/officer/wards", &paging, &[]),
            wards: found
                .into_iter()
                .map(|w| WardRow {
                    id: w.id,
                    name: w.name,
                    code: w.code,
                })
                .collect(),
        },
    ))
}

#[derive(Serialize)]
struct WardFormPage {
    layout: Layout,
    heading: String,
    action: String,
    form: FormView,
}

fn form_page(layout: Layout, heading: String, action: String, form: FormView) -> Template {
    Template::render(
        "officer/wards/form",
        WardFormPage {
            layout: layout.titled(&heading, Some(&form)),
            heading,
            action,
            form,
        },
    )
}

fn filled(ward: &ward::Model) -> FormView {
    FormView::new(FIELDS)
        .with("name", ward.name.clone())
        .with("code", ward.code.clone())
}

#[derive(FromForm)]
struct WardForm {
    name: String,
    code: String,
}

impl WardForm {
    fn view(&self) -> FormView {
        FormView::new(FIELDS)
            .with("name", self.name.clone())
            .with("code", self.code.clone())
    }

    fn input(&self) -> WardInput {
        WardInput {
            name: self.name.clone(),
            code: self.code.clone(),
        }
    }
}

const NEW: &str = "/officer/wards/new";

#[get("/officer/wards/new")]
fn new_ward_page(_officer: Officer, layout: Layout) -> Template {
    form_page(
        layout,
        "Add a ward".into(),
        NEW.into(),
        FormView::new(FIELDS),
    )
}

#[post("/officer/wards/new", data = "<form>")]
async fn create_ward(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    form: Form<WardForm>,
) -> Result<Reply, AppError> {
    match wards::add_ward(ctx.db, ctx.clock, &Actor::user(&officer), form.input())
        .await
        .split_invalid()?
    {
        Ok(added) => Ok(Reply::done(
            "/officer/wards",
            format!("Ward added: {} ({})", added.name, added.code),
        )),
        Err(errors) => Ok(Reply::invalid(form_page(
            layout,
            "Add a ward".into(),
            NEW.into(),
            form.view().with_errors(&errors),
        ))),
    }
}

#[get("/officer/wards/<id>/edit")]
async fn edit_ward_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let found = wards::ward(ctx.db, id).await?;
    Ok(form_page(
        layout,
        format!("Change ward: {}", found.name),
        format!("/officer/wards/{id}/edit"),
        filled(&found),
    ))
}

#[post("/officer/wards/<id>/edit", data = "<form>")]
async fn update_ward(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<WardForm>,
) -> Result<Reply, AppError> {
    match wards::update_ward(ctx.db, ctx.clock, &Actor::user(&officer), id, form.input())
        .await
        .split_invalid()?
    {
        Ok(saved) => Ok(Reply::done(
            "/officer/wards",
            format!("Ward saved: {} ({})", saved.name, saved.code),
        )),
        Err(errors) => {
            let found = wards::ward(ctx.db, id).await?;
            Ok(Reply::invalid(form_page(
                layout,
                format!("Change ward: {}", found.name),
                format!("/officer/wards/{id}/edit"),
                form.view().with_errors(&errors),
            )))
        }
    }
}
