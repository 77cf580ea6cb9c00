//! Officers' pages for commitments: adding one to a theme's side, changing,
//! ordering, retiring and restoring.

use crate::routes::form::Form;
use entity::{commitment, deal_theme};
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::Officer;
use crate::domain::deal::Side;
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::routes::officer::ordering::{MoveForm, moved_message};
use crate::services::audit::Actor;
use crate::services::deal;
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        new_commitment_page,
        create_commitment,
        edit_commitment_page,
        update_commitment,
        move_commitment,
        retire_commitment,
        restore_commitment
    ]
}

const FIELDS: &[&str] = &["side", "body"];

/// One choice of side, as the radios show it.
#[derive(Serialize)]
struct SideOption {
    value: &'static str,
    label: &'static str,
    hint: &'static str,
    /// The first radio carries the field's id, so the error summary can link to it.
    id: &'static str,
}

fn side_options() -> Vec<SideOption> {
    Side::ALL
        .into_iter()
        .map(|side| SideOption {
            value: side.as_str(),
            label: side.label(),
            hint: match side {
                Side::Council => "What the council promises to do",
                Side::Residents => {
                    "What residents and groups can promise; people can pledge to these"
                }
            },
            id: match side {
                Side::Council => "side",
                Side::Residents => "side-residents",
            },
        })
        .collect()
}

#[derive(Serialize)]
struct ThemeRef {
    id: i32,
    title: String,
}

#[derive(Serialize)]
struct NewPage {
    layout: Layout,
    theme: ThemeRef,
    sides: Vec<SideOption>,
    form: FormView,
}

fn new_page(layout: Layout, theme: &deal_theme::Model, form: FormView) -> Template {
    Template::render(
        "officer/deal/commitment_new",
        NewPage {
            layout: layout.titled(&format!("Add a commitment to {}", theme.title), Some(&form)),
            theme: ThemeRef {
                id: theme.id,
                title: theme.title.clone(),
            },
            sides: side_options(),
            form,
        },
    )
}

#[get("/officer/deal/themes/<theme_id>/commitments/new?<side>")]
async fn new_commitment_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    theme_id: i32,
    side: Option<&str>,
) -> Result<Template, AppError> {
    let theme = deal::theme(ctx.db, theme_id).await?;
    let chosen = side.and_then(Side::parse).map_or("", Side::as_str);
    Ok(new_page(
        layout,
        &theme,
        FormView::new(FIELDS).with("side", chosen),
    ))
}

#[derive(FromForm)]
struct NewForm {
    /// Absent when no radio was chosen.
    side: Option<String>,
    body: String,
}

#[post("/officer/deal/themes/<theme_id>/commitments/new", data = "<form>")]
async fn create_commitment(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    theme_id: i32,
    form: Form<NewForm>,
) -> Result<Reply, AppError> {
    let side = form.side.clone().unwrap_or_default();
    let actor = Actor::user(&officer);
    match deal::add_commitment(ctx.db, ctx.clock, &actor, theme_id, &side, &form.body)
        .await
        .split_invalid()?
    {
        Ok(added) => Ok(Reply::done(
            format!("/officer/deal#commitment-{}", added.id),
            format!(
                "Commitment added to {}",
                Side::parse(&added.side).map_or("the theme", Side::label)
            ),
        )),
        Err(errors) => {
            let theme = deal::theme(ctx.db, theme_id).await?;
            let view = FormView::new(FIELDS)
                .with("side", side)
                .with("body", form.body.clone())
                .with_errors(&errors);
            Ok(Reply::invalid(new_page(layout, &theme, view)))
        }
    }
}

#[derive(Serialize)]
struct EditPage {
    layout: Layout,
    id: i32,
    theme: ThemeRef,
    side: &'static str,
    form: FormView,
}

async fn edit_page(
    db: &DatabaseConnection,
    layout: Layout,
    found: &commitment::Model,
    form: FormView,
) -> Result<Template, AppError> {
    let theme = deal::theme(db, found.theme_id).await?;
    Ok(Template::render(
        "officer/deal/commitment_edit",
        EditPage {
            layout: layout.titled("Change a commitment", Some(&form)),
            id: found.id,
            theme: ThemeRef {
                id: theme.id,
                title: theme.title,
            },
            side: Side::parse(&found.side).map_or("", Side::label),
            form,
        },
    ))
}

#[get("/officer/deal/commitments/<id>/edit")]
async fn edit_commitment_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let found = deal::commitment(ctx.db, id).await?;
    let form = FormView::new(&["body"]).with("body", found.body.clone());
    edit_page(ctx.db, layout, &found, form).await
}

#[derive(FromForm)]
struct EditForm {
    body: String,
}

#[post("/officer/deal/commitments/<id>/edit", data = "<form>")]
async fn update_commitment(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<EditForm>,
) -> Result<Reply, AppError> {
    match deal::update_commitment(ctx.db, ctx.clock, &Actor::user(&officer), id, &form.body)
        .await
        .split_invalid()?
    {
        Ok(_) => Ok(Reply::done(
            format!("/officer/deal#commitment-{id}"),
            "Commitment saved",
        )),
        Err(errors) => {
            let found = deal::commitment(ctx.db, id).await?;
            let view = FormView::new(&["body"])
                .with("body", form.body.clone())
                .with_errors(&errors);
            Ok(Reply::invalid(
                edit_page(ctx.db, layout, &found, view).await?,
            ))
        }
    }
}

#[post("/officer/deal/commitments/<id>/move", data = "<form>")]
async fn move_commitment(
    officer: Officer,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<MoveForm>,
) -> Result<Reply, AppError> {
    let direction = form.direction()?;
    let (_, moved) =
        deal::move_commitment(ctx.db, ctx.clock, &Actor::user(&officer), id, direction).await?;
    Ok(Reply::done(
        format!("/officer/deal#commitment-{id}"),
        moved_message("the commitment", direction, moved),
    ))
}

#[post("/officer/deal/commitments/<id>/retire")]
async fn retire_commitment(officer: Officer, ctx: Ctx<'_>, id: i32) -> Result<Reply, AppError> {
    deal::set_retired(ctx.db, ctx.clock, &Actor::user(&officer), id, true).await?;
    Ok(Reply::done(
        format!("/officer/deal#commitment-{id}"),
        "Commitment retired: the public no longer see it. Its pledges are kept",
    ))
}

#[post("/officer/deal/commitments/<id>/restore")]
async fn restore_commitment(officer: Officer, ctx: Ctx<'_>, id: i32) -> Result<Reply, AppError> {
    deal::set_retired(ctx.db, ctx.clock, &Actor::user(&officer), id, false).await?;
    Ok(Reply::done(
        format!("/officer/deal#commitment-{id}"),
        "Commitment restored: the public can see it again",
    ))
}
