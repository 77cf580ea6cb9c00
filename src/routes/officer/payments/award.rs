//! One award: its schedule, and cancelling or completing it.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use super::views::AwardView;
use crate::auth::Officer;
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::payments::{self, PaymentError, settle};
use crate::views::{FormView, Layout, Reply};

/// This page's routes.
pub fn routes() -> Vec<Route> {
    routes![show, cancel, complete]
}

/// The page's fields; `award` holds a refusal that belongs to no one field.
const FIELDS: &[&str] = &["award", "cancel_reason", "complete"];

#[derive(Serialize)]
struct AwardPage {
    layout: Layout,
    award: AwardView,
    form: FormView,
}

async fn page(
    db: &DatabaseConnection,
    layout: Layout,
    id: i32,
    form: FormView,
) -> Result<Template, AppError> {
    let detail = payments::award_detail(db, id).await?;
    let award = AwardView::new(&detail);
    let title = format!("Award to {}", award.organisation);
    Ok(Template::render(
        "officer/payments/award",
        AwardPage {
            layout: layout.titled(&title, Some(&form)),
            award,
            form,
        },
    ))
}

#[get("/officer/awards/<id>")]
async fn show(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    page(ctx.db, layout, id, FormView::new(FIELDS)).await
}

/// What an award action's handler answers.
async fn reply(
    db: &DatabaseConnection,
    layout: Layout,
    id: i32,
    result: Result<(), PaymentError>,
    done: &str,
    typed: FormView,
) -> Result<Reply, AppError> {
    match result {
        Ok(()) => Ok(Reply::done(format!("/officer/awards/{id}"), done)),
        Err(PaymentError::Invalid(errors)) => Ok(Reply::invalid(
            page(db, layout, id, typed.with_errors(&errors)).await?,
        )),
        Err(PaymentError::Refused(message)) => {
            let mut form = FormView::new(FIELDS);
            form.add_error("award", &message);
            Ok(Reply::Invalid((
                Status::Conflict,
                page(db, layout, id, form).await?,
            )))
        }
        Err(PaymentError::App(error)) => Err(error),
    }
}

#[derive(FromForm)]
struct CancelForm {
    cancel_reason: Option<String>,
}

#[post("/officer/awards/<id>/cancel", data = "<form>")]
async fn cancel(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<CancelForm>,
) -> Result<Reply, AppError> {
    let reason = form.cancel_reason.clone().unwrap_or_default();
    let result = settle::cancel(ctx.db, ctx.clock, &Actor::user(&officer), id, &reason).await;
    let typed = FormView::new(FIELDS).with("cancel_reason", reason);
    reply(ctx.db, layout, id, result, "The award is cancelled", typed).await
}

#[post("/officer/awards/<id>/complete")]
async fn complete(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Reply, AppError> {
    let result = settle::complete(ctx.db, ctx.clock, &Actor::user(&officer), id).await;
    let done = "The award is completed";
    reply(ctx.db, layout, id, result, done, FormView::new(FIELDS)).await
}
