//! The applicant's payments page: their award's schedule, what has been paid and
//! what comes next. Only members of the applying organisation see it (404 for
//! anyone else, as for the rest of the application).

use rocket::{Route, get, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Applicant;
use crate::domain::award::AwardStatusRules;
use crate::domain::payment_schedule::TrancheStatusRules;
use crate::error::AppError;
use crate::format;
use crate::routes::context::Ctx;
use crate::services::payments::{self, next_payment, paid_total};
use crate::views::Layout;

/// This page's routes.
pub fn routes() -> Vec<Route> {
    routes![show]
}

#[derive(Serialize)]
struct PaymentRow {
    position: i32,
    due_date: String,
    amount: i64,
    status_label: &'static str,
    tag: &'static str,
    paid_date: Option<String>,
}

#[derive(Serialize)]
struct NextPayment {
    amount: i64,
    due_date: String,
}

#[derive(Serialize)]
struct PaymentsPage {
    layout: Layout,
    key: String,
    reference: String,
    title: String,
    award_amount: i64,
    award_status: &'static str,
    paid: i64,
    next: Option<NextPayment>,
    rows: Vec<PaymentRow>,
}

#[get("/applications/<key>/payments")]
async fn show(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Template, AppError> {
    let found = payments::for_applicant(ctx.db, user.id, key).await?;
    let next = next_payment(&found.tranches).map(|t| NextPayment {
        amount: t.amount_pence,
        due_date: format::date(t.due_date),
    });
    let rows = found
        .tranches
        .iter()
        .map(|t| PaymentRow {
            position: t.position,
            due_date: format::date(t.due_date),
            amount: t.amount_pence,
            status_label: t.status.label(),
            tag: t.status.tag(),
            paid_date: t.paid_date.map(format::date),
        })
        .collect();
    Ok(Template::render(
        "applications/payments",
        PaymentsPage {
            layout: layout.titled("Your grant payments", None),
            key: crate::format::application_key(&found.application),
            reference: found.application.reference.clone().unwrap_or_default(),
            title: found.application.title.clone(),
            award_amount: found.award.amount_pence,
            award_status: found.award.status.label(),
            paid: paid_total(&found.tranches),
            next,
            rows,
        },
    ))
}
