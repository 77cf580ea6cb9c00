//! Officers' pages for the Deal's themes: adding, changing and ordering them.

use crate::routes::form::Form;
use entity::deal_theme;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::routes::officer::ordering::{MoveForm, moved_message};
use crate::services::audit::Actor;
use crate::services::deal::{self, ThemeInput};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        new_theme_page,
        create_theme,
        edit_theme_page,
        update_theme,
        move_theme
    ]
}

const FIELDS: &[&str] = &["title", "description"];

#[derive(Serialize)]
struct ThemeFormPage {
    layout: Layout,
    heading: String,
    action: String,
    form: FormView,
}

fn form_page(layout: Layout, existing: Option<&deal_theme::Model>, form: FormView) -> Template {
    let (heading, action) = match existing {
        Some(t) => (
            format!("Change theme: {}", t.title),
            format!("/officer/deal/themes/{}/edit", t.id),
        ),
        None => (
            "Add a theme".to_owned(),
            "/officer/deal/themes/new".to_owned(),
        ),
    };
    Template::render(
        "officer/deal/theme_form",
        ThemeFormPage {
            layout: layout.titled(&heading, Some(&form)),
            heading,
            action,
            form,
        },
    )
}

#[derive(FromForm)]
struct ThemeForm {
    title: String,
    description: String,
}

impl ThemeForm {
    fn view(&self) -> FormView {
        FormView::new(FIELDS)
            .with("title", self.title.clone())
            .with("description", self.description.clone())
    }

    fn input(&self) -> ThemeInput {
        ThemeInput {
            title: self.title.clone(),
            description: self.description.clone(),
        }
    }
}

#[get("/officer/deal/themes/new")]
fn new_theme_page(_officer: Officer, layout: Layout) -> Template {
    form_page(layout, None, FormView::new(FIELDS))
}

#[post("/officer/deal/themes/new", data = "<form>")]
async fn create_theme(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    form: Form<ThemeForm>,
) -> Result<Reply, AppError> {
    match deal::add_theme(ctx.db, ctx.clock, &Actor::user(&officer), form.input())
        .await
        .split_invalid()?
    {
        Ok(added) => Ok(Reply::done(
            format!("/officer/deal#theme-{}", added.id),
            format!("Theme added: {}", added.title),
        )),
        Err(errors) => Ok(Reply::invalid(form_page(
            layout,
            None,
            form.view().with_errors(&errors),
        ))),
    }
}

#[get("/officer/deal/themes/<id>/edit")]
async fn edit_theme_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let found = deal::theme(ctx.db, id).await?;
    let form = FormView::new(FIELDS)
        .with("title", found.title.clone())
        .with("description", found.description.clone());
    Ok(form_page(layout, Some(&found), form))
}

#[post("/officer/deal/themes/<id>/edit", data = "<form>")]
async fn update_theme(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<ThemeForm>,
) -> Result<Reply, AppError> {
    match deal::update_theme(ctx.db, ctx.clock, &Actor::user(&officer), id, form.input())
        .await
        .split_invalid()?
    {
        Ok(saved) => Ok(Reply::done(
            format!("/officer/deal#theme-{id}"),
            format!("Theme saved: {}", saved.title),
        )),
        Err(errors) => {
            let found = deal::theme(ctx.db, id).await?;
            Ok(Reply::invalid(form_page(
                layout,
                Some(&found),
                form.view().with_errors(&errors),
            )))
        }
    }
}

#[post("/officer/deal/themes/<id>/move", data = "<form>")]
async fn move_theme(
    officer: Officer,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<MoveForm>,
) -> Result<Reply, AppError> {
    let direction = form.direction()?;
    let (moving, moved) =
        deal::move_theme(ctx.db, ctx.clock, &Actor::user(&officer), id, direction).await?;
    Ok(Reply::done(
        format!("/officer/deal#theme-{id}"),
        moved_message(&format!("the theme {}", moving.title), direction, moved),
    ))
}
