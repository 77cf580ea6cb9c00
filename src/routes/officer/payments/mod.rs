//! Payments for officers: what is due soon or overdue (and its CSV for the
//! finance team), each award with its schedule, and each tranche's actions.
//!
//! Paths use `/officer/awards/<id>` and `/officer/tranches/<id>`: neither
//! overlaps the rounds' `/officer/rounds/<slug>/<kind>/…` routes.

mod award;
mod export;
mod tranche;
mod views;

use chrono::NaiveDate;
use rocket::http::{ContentType, Header};
use rocket::{Route, get, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::error::AppError;
use crate::format;
use crate::routes::context::Ctx;
use crate::services::payments::due::{self, DueRow, WINDOW_DAYS};
use crate::views::Layout;

/// This area's routes.
pub fn routes() -> Vec<Route> {
    let mut all = routes![list, list_csv];
    all.extend(award::routes());
    all.extend(tranche::routes());
    all
}

#[derive(Serialize)]
struct DueView {
    award_id: i32,
    position: i32,
    organisation: String,
    reference: String,
    award: i64,
    amount: i64,
    due_date: String,
    overdue: bool,
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    today: String,
    window_days: u64,
    rows: Vec<DueView>,
    count: usize,
    overdue_count: usize,
    total: i64,
}

fn due_view(row: &DueRow, today: NaiveDate) -> DueView {
    DueView {
        award_id: row.award_id,
        position: row.position,
        organisation: row.organisation.clone(),
        reference: row.reference.clone().unwrap_or_default(),
        award: row.award_pence,
        amount: row.amount_pence,
        due_date: format::date(row.due_date),
        overdue: row.overdue(today),
    }
}

#[get("/officer/payments")]
async fn list(_officer: Officer, layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    let today = ctx.today();
    let rows = due::due(ctx.db, today).await?;
    let views: Vec<DueView> = rows.iter().map(|r| due_view(r, today)).collect();
    Ok(Template::render(
        "officer/payments/list",
        ListPage {
            layout: layout.titled("Payments due", None),
            today: format::date(today),
            window_days: WINDOW_DAYS,
            overdue_count: views.iter().filter(|v| v.overdue).count(),
            total: rows.iter().map(|r| r.amount_pence).sum(),
            count: views.len(),
            rows: views,
        },
    ))
}

/// The CSV download, named so that a spreadsheet opens it.
#[derive(rocket::Responder)]
struct CsvFile {
    body: Vec<u8>,
    content_type: ContentType,
    disposition: Header<'static>,
}

#[get("/officer/payments.csv")]
async fn list_csv(_officer: Officer, ctx: Ctx<'_>) -> Result<CsvFile, AppError> {
    let today = ctx.today();
    let rows = due::due(ctx.db, today).await?;
    Ok(CsvFile {
        body: export::csv(&rows, today)?,
        content_type: ContentType::new("text", "csv").with_params(("charset", "utf-8")),
        disposition: Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"payments-due-{today}.csv\""),
        ),
    })
}
