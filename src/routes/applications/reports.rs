//! Applicants' monitoring reports: the list an award owes, and each report's form,
//! saved for later or submitted. Read-only once submitted, until an officer asks
//! for changes.

use chrono::NaiveDate;
use entity::monitoring_report;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Applicant;
use crate::domain::fields::FieldErrors;
use crate::domain::money::Money;
use crate::domain::report::{self, ReportStatus, ReportStatusRules};
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::routes::form::Fields;
use crate::services::audit::Actor;
use crate::services::reports::STALE_MESSAGE;
use crate::services::reports::applicant::{self, Detail, Saved};
use crate::services::reports::input::{ReportInput, achieved_field};
use crate::views::form::FieldView;
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![list, show, save]
}

/// The form's fields; `report` holds refusals that belong to no one field.
const FIELDS: &[&str] = &[
    "report",
    "beneficiaries",
    "volunteers",
    "volunteer_hours",
    "spend",
    "went_well",
    "was_hard",
    "case_study",
    "consent",
];

/// A date as people read it: 1 March 2027.
pub(crate) fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// The tag colour of a report's state, overdue first.
pub(crate) fn tag_class(status: ReportStatus, overdue: bool) -> &'static str {
    match status {
        _ if overdue => "tag--red",
        ReportStatus::Due => "tag--grey",
        ReportStatus::Submitted => "tag--blue",
        ReportStatus::ChangesRequested => "tag--yellow",
        ReportStatus::Accepted => "tag--green",
    }
}

#[derive(Serialize)]
struct ListRow {
    position: i32,
    name: String,
    due_date: String,
    status: &'static str,
    tag_class: &'static str,
    action: &'static str,
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    key: String,
    reference: String,
    title: String,
    rows: Vec<ListRow>,
}

fn row(report: &monitoring_report::Model, today: NaiveDate) -> Result<ListRow, AppError> {
    let status = report.status;
    let overdue = report::is_overdue(status, report.due_date, today);
    Ok(ListRow {
        position: report.position,
        name: report::name(report.position, report.is_final),
        due_date: long_date(report.due_date),
        status: report::label(status, report.due_date, today),
        tag_class: tag_class(status, overdue),
        action: if status.editable() { "Write" } else { "View" },
    })
}

#[get("/applications/<key>/reports")]
async fn list(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Template, AppError> {
    let (app, reports) = applicant::list(ctx.db, user.id, key).await?;
    let today = ctx.today();
    let rows = reports
        .iter()
        .map(|r| row(r, today))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Template::render(
        "applications/reports/list",
        ListPage {
            layout: layout.titled("Monitoring reports", None),
            key: crate::format::application_key(&app),
            reference: app.reference.clone().unwrap_or_default(),
            title: app.title,
            rows,
        },
    ))
}

#[derive(Serialize)]
struct IndicatorRow {
    field: String,
    name: String,
    unit: String,
    target: i64,
    achieved: FieldView,
}

#[derive(Serialize)]
struct ReportPage {
    layout: Layout,
    key: String,
    reference: String,
    title: String,
    position: i32,
    name: String,
    due_date: String,
    status: &'static str,
    tag_class: &'static str,
    editable: bool,
    version: i32,
    officer_message: Option<String>,
    award: i64,
    paid: i64,
    indicators: Vec<IndicatorRow>,
    form: FormView,
}

/// The stored report as a form would send it.
fn stored(detail: &Detail) -> ReportInput {
    let r = &detail.report;
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    ReportInput {
        achieved: detail
            .indicators
            .iter()
            .map(|i| (i.indicator_id, number(i.achieved)))
            .collect(),
        beneficiaries: number(r.beneficiaries),
        volunteers: number(r.volunteers),
        volunteer_hours: number(r.volunteer_hours),
        spend: r
            .spend_to_date_pence
            .map(|p| Money(p).to_input())
            .unwrap_or_default(),
        went_well: r.went_well.clone(),
        was_hard: r.was_hard.clone(),
        case_study: r.case_study.clone(),
        consent: r.case_study_consent,
    }
}

/// What the form sent.
fn sent(fields: &Fields, detail: &Detail) -> ReportInput {
    ReportInput {
        achieved: detail
            .indicators
            .iter()
            .map(|i| (i.indicator_id, fields.get(&achieved_field(i.indicator_id))))
            .collect(),
        beneficiaries: fields.get("beneficiaries"),
        volunteers: fields.get("volunteers"),
        volunteer_hours: fields.get("volunteer_hours"),
        spend: fields.get("spend"),
        went_well: fields.get("went_well"),
        was_hard: fields.get("was_hard"),
        case_study: fields.get("case_study"),
        consent: !fields.get("consent").is_empty(),
    }
}

fn render(
    layout: Layout,
    detail: Detail,
    typed: &ReportInput,
    errors: &FieldErrors,
    today: NaiveDate,
) -> Result<Template, AppError> {
    let status = detail.report.status;
    let r = &detail.report;
    let overdue = report::is_overdue(status, r.due_date, today);
    let mut form = FormView::new(FIELDS)
        .with("beneficiaries", &typed.beneficiaries)
        .with("volunteers", &typed.volunteers)
        .with("volunteer_hours", &typed.volunteer_hours)
        .with("spend", &typed.spend)
        .with("went_well", &typed.went_well)
        .with("was_hard", &typed.was_hard)
        .with("case_study", &typed.case_study)
        .with("consent", if typed.consent { "yes" } else { "" });
    for i in &detail.indicators {
        let field = achieved_field(i.indicator_id);
        let value = typed
            .achieved
            .get(&i.indicator_id)
            .cloned()
            .unwrap_or_default();
        form = form.with(&field, value);
    }
    let form = form.with_errors(errors);
    let indicators = detail
        .indicators
        .iter()
        .map(|i| {
            let field = achieved_field(i.indicator_id);
            IndicatorRow {
                achieved: form.fields.get(&field).cloned().unwrap_or_default(),
                field,
                name: i.name.clone(),
                unit: i.unit.clone(),
                target: i.target,
            }
        })
        .collect();
    let name = report::name(r.position, r.is_final);
    Ok(Template::render(
        "applications/reports/form",
        ReportPage {
            layout: layout.titled(&name, Some(&form)),
            key: crate::format::application_key(&detail.application),
            reference: detail.application.reference.clone().unwrap_or_default(),
            title: detail.application.title.clone(),
            position: r.position,
            due_date: long_date(r.due_date),
            status: report::label(status, r.due_date, today),
            tag_class: tag_class(status, overdue),
            editable: status.editable(),
            version: r.version,
            officer_message: r
                .officer_message
                .clone()
                .filter(|_| status == ReportStatus::ChangesRequested),
            award: detail.award.amount_pence,
            paid: detail.paid_pence,
            name,
            indicators,
            form,
        },
    ))
}

/// A report's number from the address: anything else is a page that does not exist.
fn parse_position(segment: &str) -> Result<i32, AppError> {
    segment.parse().map_err(|_| AppError::NotFound)
}

// The report's number is named `id` in the route, as in the other applicant pages,
// so the ownership walk in the tests substitutes it: it is the position, not a row id.
#[get("/applications/<key>/reports/<id>")]
async fn show(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
    id: &str,
) -> Result<Template, AppError> {
    let position = parse_position(id)?;
    let detail = applicant::detail(ctx.db, user.id, key, position).await?;
    let today = ctx.today();
    let typed = stored(&detail);
    render(layout, detail, &typed, &FieldErrors::new(), today)
}

#[post("/applications/<key>/reports/<id>", data = "<fields>")]
async fn save(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
    id: &str,
    fields: Fields,
) -> Result<Reply, AppError> {
    let position = parse_position(id)?;
    let today = ctx.today();
    // Checked before anything is read from the form, so that nobody learns what
    // another group's report asks for.
    let detail = applicant::detail(ctx.db, user.id, key, position).await?;
    let typed = sent(&fields, &detail);
    let submit = fields.get("action") == "submit";
    let version: i32 = fields.get("version").trim().parse().unwrap_or(-1);
    let actor = Actor::user(&user);
    let result = applicant::save(
        ctx.db, ctx.clock, &actor, user.id, key, position, version, &typed, submit,
    )
    .await;
    let back = format!(
        "/applications/{}/reports",
        crate::format::application_key(&detail.application)
    );
    match result.split_invalid()? {
        Ok(Saved::Kept) => Ok(Reply::done(
            format!("{back}/{position}"),
            "Your report has been saved. You can come back and finish it later",
        )),
        Ok(Saved::Submitted) => Ok(Reply::done(
            back,
            "Thank you: your report has been sent to the council",
        )),
        Ok(Saved::Stale(current)) => {
            let newer = stored(&current);
            let errors = FieldErrors::single("report", STALE_MESSAGE);
            Ok(Reply::invalid(render(
                layout, *current, &newer, &errors, today,
            )?))
        }
        Err(errors) => {
            let current = applicant::detail(ctx.db, user.id, key, position).await?;
            Ok(Reply::invalid(render(
                layout, current, &typed, &errors, today,
            )?))
        }
    }
}
