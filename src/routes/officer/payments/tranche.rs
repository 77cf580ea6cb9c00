//! One tranche: change its date or amount, record it paid, withhold or release it.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::views::{AwardView, TrancheView};
use crate::auth::Officer;
use crate::domain::money::Money;
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::payments::actions::{self, EditInput};
use crate::services::payments::{self, PaymentError};
use crate::views::{FormView, Layout, Reply};

/// This page's routes.
pub fn routes() -> Vec<Route> {
    routes![show, edit, pay, withhold, release]
}

/// Every field of the page's forms; `tranche` holds a refusal of no one field.
const FIELDS: &[&str] = &[
    "tranche",
    "due_date",
    "amount",
    "take_from",
    "paid_date",
    "finance_reference",
    "reason",
];

#[derive(Serialize)]
struct TakerChoice {
    value: i32,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct TranchePage {
    layout: Layout,
    award: AwardView,
    tranche: TrancheView,
    takers: Vec<TakerChoice>,
    today_input: String,
    form: FormView,
}

/// The page, with the edit form filled from the tranche unless `form` says otherwise.
async fn page(
    ctx: Ctx<'_>,
    layout: Layout,
    id: i32,
    form: Option<FormView>,
) -> Result<Template, AppError> {
    let today_input = ctx.today().format("%Y-%m-%d").to_string();
    let (tranche, detail) = payments::tranche_detail(ctx.db, id).await?;
    let form = form.unwrap_or_else(|| {
        FormView::new(FIELDS)
            .with("due_date", tranche.due_date.format("%Y-%m-%d").to_string())
            .with("amount", Money(tranche.amount_pence).to_input())
            .with("paid_date", today_input.clone())
    });
    let chosen = form
        .fields
        .get("take_from")
        .map(|f| f.value.clone())
        .unwrap_or_default();
    let award = AwardView::new(&detail);
    let takers = award
        .tranches
        .iter()
        .filter(|t| t.scheduled && t.id != tranche.id)
        .map(|t| TakerChoice {
            value: t.id,
            label: format!(
                "Payment {}: {} due {}",
                t.position,
                Money(t.amount),
                t.due_date
            ),
            selected: chosen == t.id.to_string(),
        })
        .collect();
    let tranche = TrancheView::new(&tranche);
    let title = format!("Payment {} to {}", tranche.position, award.organisation);
    Ok(Template::render(
        "officer/payments/tranche",
        TranchePage {
            layout: layout.titled(&title, Some(&form)),
            award,
            tranche,
            takers,
            today_input,
            form,
        },
    ))
}

#[get("/officer/tranches/<id>")]
async fn show(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    page(ctx, layout, id, None).await
}

/// What a tranche action's handler answers: back to the award when done, the
/// page with errors beside the fields, or 409 with the refusal when stale.
async fn reply(
    ctx: Ctx<'_>,
    layout: Layout,
    id: i32,
    result: Result<(), PaymentError>,
    done: &str,
    typed: FormView,
) -> Result<Reply, AppError> {
    match result {
        Ok(()) => {
            let (tranche, _) = payments::tranche_detail(ctx.db, id).await?;
            Ok(Reply::done(
                format!("/officer/awards/{}", tranche.award_id),
                done,
            ))
        }
        Err(PaymentError::Invalid(errors)) => Ok(Reply::invalid(
            page(ctx, layout, id, Some(typed.with_errors(&errors))).await?,
        )),
        Err(PaymentError::Refused(message)) => {
            let mut form = FormView::new(FIELDS);
            form.add_error("tranche", &message);
            Ok(Reply::Invalid((
                Status::Conflict,
                page(ctx, layout, id, Some(form)).await?,
            )))
        }
        Err(PaymentError::App(error)) => Err(error),
    }
}

#[derive(FromForm)]
struct EditForm {
    due_date: Option<String>,
    amount: Option<String>,
    take_from: Option<String>,
}

#[post("/officer/tranches/<id>/edit", data = "<form>")]
async fn edit(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<EditForm>,
) -> Result<Reply, AppError> {
    let input = EditInput {
        due_date: form.due_date.clone().unwrap_or_default(),
        amount: form.amount.clone().unwrap_or_default(),
        take_from: form.take_from.clone().unwrap_or_default(),
    };
    let result = actions::edit(ctx.db, ctx.clock, &Actor::user(&officer), id, &input).await;
    let typed = FormView::new(FIELDS)
        .with("due_date", &input.due_date)
        .with("amount", &input.amount)
        .with("take_from", &input.take_from);
    let done = "The payment is changed";
    reply(ctx, layout, id, result, done, typed).await
}

#[derive(FromForm)]
struct PayForm {
    paid_date: Option<String>,
    finance_reference: Option<String>,
}

#[post("/officer/tranches/<id>/pay", data = "<form>")]
async fn pay(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<PayForm>,
) -> Result<Reply, AppError> {
    let paid_date = form.paid_date.clone().unwrap_or_default();
    let reference = form.finance_reference.clone().unwrap_or_default();
    let actor = Actor::user(&officer);
    let result = actions::pay(
        ctx.db,
        ctx.clock,
        ctx.notifier,
        &actor,
        id,
        ctx.today(),
        &paid_date,
        &reference,
    )
    .await;
    let typed = FormView::new(FIELDS)
        .with("paid_date", &paid_date)
        .with("finance_reference", &reference);
    let done = "The payment is recorded as paid";
    reply(ctx, layout, id, result, done, typed).await
}

#[derive(FromForm)]
struct WithholdForm {
    reason: Option<String>,
}

#[post("/officer/tranches/<id>/withhold", data = "<form>")]
async fn withhold(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<WithholdForm>,
) -> Result<Reply, AppError> {
    let reason = form.reason.clone().unwrap_or_default();
    let actor = Actor::user(&officer);
    let result = actions::withhold_or_release(ctx.db, ctx.clock, &actor, id, Some(&reason)).await;
    let typed = FormView::new(FIELDS).with("reason", &reason);
    let done = "The payment is withheld";
    reply(ctx, layout, id, result, done, typed).await
}

#[post("/officer/tranches/<id>/release")]
async fn release(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Reply, AppError> {
    let actor = Actor::user(&officer);
    let result = actions::withhold_or_release(ctx.db, ctx.clock, &actor, id, None).await;
    let done = "The payment is released: it is scheduled again";
    let typed = FormView::new(FIELDS);
    reply(ctx, layout, id, result, done, typed).await
}
