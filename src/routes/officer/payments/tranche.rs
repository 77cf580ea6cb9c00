//! One tranche: change its date or amount, record it paid, withhold or release it.

use rocket::form::{Form, FromForm};
use rocket::http::Status;
use rocket::{Route, State, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use super::today;
use super::views::{AwardView, TrancheView};
use crate::auth::Officer;
use crate::clock::Clock;
use crate::config::AppConfig;
use crate::domain::money::Money;
use crate::error::AppError;
use crate::services::audit::Actor;
use crate::services::notify::Notifier;
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
    db: &DatabaseConnection,
    layout: Layout,
    today_input: String,
    id: i32,
    form: Option<FormView>,
) -> Result<Template, AppError> {
    let (tranche, detail) = payments::tranche_detail(db, id).await?;
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

fn today_input(clock: &Clock, config: &AppConfig) -> String {
    today(clock, config.time_zone)
        .format("%Y-%m-%d")
        .to_string()
}

#[get("/officer/tranches/<id>")]
async fn show(
    _officer: Officer,
    layout: Layout,
    db: &State<DatabaseConnection>,
    clock: &State<Clock>,
    config: &State<AppConfig>,
    id: i32,
) -> Result<Template, AppError> {
    page(db, layout, today_input(clock, config), id, None).await
}

/// What a tranche action's handler answers: back to the award when done, the
/// page with errors beside the fields, or 409 with the refusal when stale.
async fn reply(
    db: &DatabaseConnection,
    layout: Layout,
    today_input: String,
    id: i32,
    result: Result<(), PaymentError>,
    done: &str,
    typed: FormView,
) -> Result<Reply, AppError> {
    match result {
        Ok(()) => {
            let (tranche, _) = payments::tranche_detail(db, id).await?;
            Ok(Reply::done(
                format!("/officer/awards/{}", tranche.award_id),
                done,
            ))
        }
        Err(PaymentError::Invalid(errors)) => Ok(Reply::invalid(
            page(
                db,
                layout,
                today_input,
                id,
                Some(typed.with_errors(&errors)),
            )
            .await?,
        )),
        Err(PaymentError::Refused(message)) => {
            let mut form = FormView::new(FIELDS);
            form.add_error("tranche", &message);
            Ok(Reply::Invalid((
                Status::Conflict,
                page(db, layout, today_input, id, Some(form)).await?,
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
#[allow(clippy::too_many_arguments)]
async fn edit(
    officer: Officer,
    layout: Layout,
    db: &State<DatabaseConnection>,
    clock: &State<Clock>,
    config: &State<AppConfig>,
    id: i32,
    form: Form<EditForm>,
) -> Result<Reply, AppError> {
    let input = EditInput {
        due_date: form.due_date.clone().unwrap_or_default(),
        amount: form.amount.clone().unwrap_or_default(),
        take_from: form.take_from.clone().unwrap_or_default(),
    };
    let result = actions::edit(db, clock, &Actor::user(&officer), id, &input).await;
    let typed = FormView::new(FIELDS)
        .with("due_date", &input.due_date)
        .with("amount", &input.amount)
        .with("take_from", &input.take_from);
    let done = "The payment is changed";
    reply(
        db,
        layout,
        today_input(clock, config),
        id,
        result,
        done,
        typed,
    )
    .await
}

#[derive(FromForm)]
struct PayForm {
    paid_date: Option<String>,
    finance_reference: Option<String>,
}

#[post("/officer/tranches/<id>/pay", data = "<form>")]
#[allow(clippy::too_many_arguments)]
async fn pay(
    officer: Officer,
    layout: Layout,
    db: &State<DatabaseConnection>,
    clock: &State<Clock>,
    notifier: &State<Notifier>,
    config: &State<AppConfig>,
    id: i32,
    form: Form<PayForm>,
) -> Result<Reply, AppError> {
    let paid_date = form.paid_date.clone().unwrap_or_default();
    let reference = form.finance_reference.clone().unwrap_or_default();
    let today = today(clock, config.time_zone);
    let actor = Actor::user(&officer);
    let result = actions::pay(
        db, clock, notifier, &actor, id, today, &paid_date, &reference,
    )
    .await;
    let typed = FormView::new(FIELDS)
        .with("paid_date", &paid_date)
        .with("finance_reference", &reference);
    let done = "The payment is recorded as paid";
    reply(
        db,
        layout,
        today_input(clock, config),
        id,
        result,
        done,
        typed,
    )
    .await
}

#[derive(FromForm)]
struct WithholdForm {
    reason: Option<String>,
}

#[post("/officer/tranches/<id>/withhold", data = "<form>")]
#[allow(clippy::too_many_arguments)]
async fn withhold(
    officer: Officer,
    layout: Layout,
    db: &State<DatabaseConnection>,
    clock: &State<Clock>,
    config: &State<AppConfig>,
    id: i32,
    form: Form<WithholdForm>,
) -> Result<Reply, AppError> {
    let reason = form.reason.clone().unwrap_or_default();
    let actor = Actor::user(&officer);
    let result = actions::withhold_or_release(db, clock, &actor, id, Some(&reason)).await;
    let typed = FormView::new(FIELDS).with("reason", &reason);
    let done = "The payment is withheld";
    reply(
        db,
        layout,
        today_input(clock, config),
        id,
        result,
        done,
        typed,
    )
    .await
}

#[post("/officer/tranches/<id>/release")]
async fn release(
    officer: Officer,
    layout: Layout,
    db: &State<DatabaseConnection>,
    clock: &State<Clock>,
    config: &State<AppConfig>,
    id: i32,
) -> Result<Reply, AppError> {
    let actor = Actor::user(&officer);
    let result = actions::withhold_or_release(db, clock, &actor, id, None).await;
    let done = "The payment is released: it is scheduled again";
    let typed = FormView::new(FIELDS);
    reply(
        db,
        layout,
        today_input(clock, config),
        id,
        result,
        done,
        typed,
    )
    .await
}
