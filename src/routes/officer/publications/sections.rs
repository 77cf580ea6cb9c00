//! A published report's sections of text: adding one, and changing one on its own page.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use super::Heading;
use super::parts::{SECTION_FIELDS, part_href, part_page};
use crate::auth::Officer;
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::publishing::publications;
use crate::services::publishing::publications::items::{self, Part, SectionInput};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        sections_page,
        add_section,
        edit_section_page,
        update_section
    ]
}

#[get("/officer/publications/<id>/sections")]
async fn sections_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let form = FormView::new(SECTION_FIELDS);
    part_page(ctx, layout, id, Part::Sections, form, None).await
}

#[derive(FromForm)]
struct SectionForm {
    version: Option<i32>,
    heading: String,
    body: String,
}

impl SectionForm {
    fn view(&self) -> FormView {
        FormView::new(SECTION_FIELDS)
            .with("heading", &self.heading)
            .with("body", &self.body)
    }

    fn input(&self) -> SectionInput {
        SectionInput {
            heading: self.heading.clone(),
            body: self.body.clone(),
        }
    }
}

#[post("/officer/publications/<id>/sections", data = "<form>")]
async fn add_section(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<SectionForm>,
) -> Result<Reply, AppError> {
    let version = form.version.unwrap_or(-1);
    let actor = Actor::user(&officer);
    match items::add_section(ctx.db, ctx.clock, &actor, id, version, form.input())
        .await
        .split_invalid()?
    {
        Ok(added) => Ok(Reply::done(
            format!("{}#section-{}", part_href(id, Part::Sections), added.id),
            format!("Section added: {}", added.heading),
        )),
        Err(errors) => {
            let form = form.view().with_errors(&errors);
            Ok(Reply::invalid(
                part_page(ctx, layout, id, Part::Sections, form, None).await?,
            ))
        }
    }
}

#[derive(Serialize)]
struct SectionFormPage {
    layout: Layout,
    report: Heading,
    section_id: i32,
    form: FormView,
}

async fn section_form(
    db: &DatabaseConnection,
    layout: Layout,
    id: i32,
    section_id: i32,
    form: Option<FormView>,
) -> Result<Template, AppError> {
    let found = publications::by_id(db, id).await?;
    let section = items::section(db, id, section_id).await?;
    let form = form.unwrap_or_else(|| {
        FormView::new(SECTION_FIELDS)
            .with("heading", &section.heading)
            .with("body", &section.body)
    });
    Ok(Template::render(
        "officer/publications/section_form",
        SectionFormPage {
            layout: layout.titled(&format!("Change a section: {}", found.title), Some(&form)),
            report: Heading::of(&found)?,
            section_id,
            form,
        },
    ))
}

#[get("/officer/publications/<id>/sections/<item>/edit")]
async fn edit_section_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    item: i32,
) -> Result<Template, AppError> {
    section_form(ctx.db, layout, id, item, None).await
}

#[post("/officer/publications/<id>/sections/<item>/edit", data = "<form>")]
async fn update_section(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    item: i32,
    form: Form<SectionForm>,
) -> Result<Reply, AppError> {
    let version = form.version.unwrap_or(-1);
    let actor = Actor::user(&officer);
    match items::update_section(ctx.db, ctx.clock, &actor, id, item, version, form.input())
        .await
        .split_invalid()?
    {
        Ok(saved) => Ok(Reply::done(
            format!("{}#section-{item}", part_href(id, Part::Sections)),
            format!("Section saved: {}", saved.heading),
        )),
        Err(errors) => {
            let typed = form.view().with_errors(&errors);
            Ok(Reply::invalid(
                section_form(ctx.db, layout, id, item, Some(typed)).await?,
            ))
        }
    }
}
