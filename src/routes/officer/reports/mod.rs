//! Officers' pages for monitoring reports: every award's reports by state, and one
//! report in full with targets beside achieved values, to accept or send back.

use crate::routes::form::Form;
use chrono::{DateTime, Utc};
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::domain::report;
use crate::error::{AppError, SplitInvalid};
use crate::format;
use crate::routes::applications::reports::{long_date, tag_class};
use crate::routes::context::Ctx;
use crate::routes::{Pager, query_string};
use crate::services::audit::Actor;
use crate::services::reports::applicant::Detail;
use crate::services::reports::case_study;
use crate::services::reports::review::{self, Tab, Verdict};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        list,
        show,
        accept,
        request_changes,
        publish_case_study,
        unpublish_case_study
    ]
}

#[derive(Serialize)]
struct TabView {
    label: &'static str,
    count: u64,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct RowView {
    id: i32,
    name: String,
    reference: String,
    title: String,
    organisation: String,
    award: i64,
    due_date: String,
    status: &'static str,
    tag_class: &'static str,
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    heading: &'static str,
    tabs: Vec<TabView>,
    rows: Vec<RowView>,
    pager: Pager,
}

const BASE: &str = "/officer/reports";

fn link(tab: Tab) -> String {
    let query = query_string(&[("status", tab.as_str().to_owned())]);
    if query.is_empty() {
        BASE.to_owned()
    } else {
        format!("{BASE}?{query}")
    }
}

#[get("/officer/reports?<status>&<page>")]
async fn list(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    status: Option<&str>,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let tab = Tab::parse(status.unwrap_or_default());
    let today = ctx.today();
    let counts = review::counts(ctx.db, today).await?;
    let (rows, paging) = review::page(ctx.db, tab, today, page).await?;
    let rows = rows
        .into_iter()
        .map(|row| {
            let r = &row.report;
            let status = r.status;
            Ok(RowView {
                id: r.id,
                name: report::name(r.position, r.is_final),
                due_date: long_date(r.due_date),
                status: report::label(status, r.due_date, today),
                tag_class: tag_class(status, report::is_overdue(status, r.due_date, today)),
                reference: row.reference,
                title: row.title,
                organisation: row.organisation,
                award: row.award_pence,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let tabs = counts
        .into_iter()
        .map(|(t, count)| TabView {
            label: t.label(),
            count,
            href: link(t),
            current: t == tab,
        })
        .collect();
    Ok(Template::render(
        "officer/reports/list",
        ListPage {
            layout: layout.titled("Monitoring reports", None),
            heading: tab.label(),
            tabs,
            rows,
            pager: Pager::new(BASE, &paging, &[("status", tab.as_str().to_owned())]),
        },
    ))
}

#[derive(Serialize)]
struct IndicatorView {
    name: String,
    unit: String,
    target: i64,
    achieved: String,
}

#[derive(Serialize)]
struct ShowPage {
    layout: Layout,
    id: i32,
    application_id: i32,
    reference: String,
    title: String,
    name: String,
    due_date: String,
    status: &'static str,
    tag_class: &'static str,
    can_review: bool,
    version: i32,
    award: i64,
    paid: i64,
    indicators: Vec<IndicatorView>,
    beneficiaries: String,
    volunteers: String,
    volunteer_hours: String,
    spend: String,
    went_well: String,
    was_hard: String,
    case_study: String,
    consent: bool,
    /// When the case study was published; `None` while it is private.
    case_study_published_at: Option<DateTime<Utc>>,
    /// True when an officer may publish the case study now.
    can_publish_case_study: bool,
    /// Why the case study cannot be published, said beside it.
    case_study_blocker: Option<&'static str>,
    officer_message: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
    reviewed_at: Option<DateTime<Utc>>,
    form: FormView,
}

const NOT_GIVEN: &str = "Not given";

/// A figure as shown: a blank is "Not given", which is not the same as 0.
fn shown(value: Option<i64>) -> String {
    value.map_or_else(|| NOT_GIVEN.to_owned(), |n| n.to_string())
}

/// The review form's fields; `review` holds refusals of the move itself, `case_study`
/// refusals to publish or unpublish the case study.
const FIELDS: &[&str] = &["review", "message", "case_study"];

fn render(
    layout: Layout,
    detail: Detail,
    form: FormView,
    today: chrono::NaiveDate,
) -> Result<Template, AppError> {
    let r = detail.report;
    let status = r.status;
    let name = report::name(r.position, r.is_final);
    let blocker = case_study::cannot_publish(&r);
    Ok(Template::render(
        "officer/reports/show",
        ShowPage {
            layout: layout.titled(&name, Some(&form)),
            id: r.id,
            application_id: detail.application.id,
            reference: detail.application.reference.unwrap_or_default(),
            title: detail.application.title,
            due_date: long_date(r.due_date),
            status: report::label(status, r.due_date, today),
            tag_class: tag_class(status, report::is_overdue(status, r.due_date, today)),
            can_review: status == report::ReportStatus::Submitted,
            version: r.version,
            award: detail.award.amount_pence,
            paid: detail.paid_pence,
            indicators: detail
                .indicators
                .into_iter()
                .map(|i| IndicatorView {
                    name: i.name,
                    unit: i.unit,
                    target: i.target,
                    achieved: shown(i.achieved),
                })
                .collect(),
            beneficiaries: shown(r.beneficiaries),
            volunteers: shown(r.volunteers),
            volunteer_hours: shown(r.volunteer_hours),
            spend: r
                .spend_to_date_pence
                .map_or_else(|| NOT_GIVEN.to_owned(), format::money),
            went_well: r.went_well,
            was_hard: r.was_hard,
            case_study_published_at: r.case_study_published_at,
            can_publish_case_study: blocker.is_none() && r.case_study_published_at.is_none(),
            case_study_blocker: blocker.filter(|_| !r.case_study.trim().is_empty()),
            case_study: r.case_study,
            consent: r.case_study_consent,
            officer_message: r.officer_message,
            submitted_at: r.submitted_at,
            reviewed_at: r.reviewed_at,
            name,
            form,
        },
    ))
}

#[get("/officer/reports/<id>")]
async fn show(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let detail = review::detail(ctx.db, id).await?;
    let today = ctx.today();
    render(layout, detail, FormView::new(FIELDS), today)
}

#[derive(FromForm)]
struct ReviewForm {
    version: Option<i32>,
    message: Option<String>,
}

async fn decide(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: &ReviewForm,
    verdict: Verdict,
) -> Result<Reply, AppError> {
    let version = form.version.unwrap_or(-1);
    let result = review::decide(
        ctx.db,
        ctx.clock,
        &Actor::user(&officer),
        id,
        version,
        &verdict,
    )
    .await;
    match result.split_invalid()? {
        Ok(to) => Ok(Reply::done(
            format!("{BASE}/{id}"),
            match to {
                report::ReportStatus::Accepted => "Report accepted",
                _ => "Report sent back to the group with your message",
            },
        )),
        Err(errors) => {
            let detail = review::detail(ctx.db, id).await?;
            let today = ctx.today();
            let typed = FormView::new(FIELDS)
                .with("message", form.message.clone().unwrap_or_default())
                .with_errors(&errors);
            Ok(Reply::invalid(render(layout, detail, typed, today)?))
        }
    }
}

#[post("/officer/reports/<id>/accept", data = "<form>")]
async fn accept(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<ReviewForm>,
) -> Result<Reply, AppError> {
    decide(officer, layout, ctx, id, &form, Verdict::Accept).await
}

#[post("/officer/reports/<id>/changes", data = "<form>")]
async fn request_changes(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<ReviewForm>,
) -> Result<Reply, AppError> {
    let message = form.message.clone().unwrap_or_default();
    decide(
        officer,
        layout,
        ctx,
        id,
        &form,
        Verdict::RequestChanges(message),
    )
    .await
}

#[derive(FromForm)]
struct CaseStudyForm {
    version: Option<i32>,
}

async fn set_case_study(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: &CaseStudyForm,
    publish: bool,
) -> Result<Reply, AppError> {
    let version = form.version.unwrap_or(-1);
    let actor = Actor::user(&officer);
    match case_study::set_published(ctx.db, ctx.clock, &actor, id, version, publish)
        .await
        .split_invalid()?
    {
        Ok(()) => Ok(Reply::done(
            format!("{BASE}/{id}#case-study"),
            if publish {
                "Case study published: it now shows on the project's public page"
            } else {
                "Case study unpublished: it no longer shows to the public"
            },
        )),
        Err(errors) => {
            let detail = review::detail(ctx.db, id).await?;
            let today = ctx.today();
            let form = FormView::new(FIELDS).with_errors(&errors);
            Ok(Reply::invalid(render(layout, detail, form, today)?))
        }
    }
}

#[post("/officer/reports/<id>/case-study/publish", data = "<form>")]
async fn publish_case_study(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<CaseStudyForm>,
) -> Result<Reply, AppError> {
    set_case_study(officer, layout, ctx, id, &form, true).await
}

#[post("/officer/reports/<id>/case-study/unpublish", data = "<form>")]
async fn unpublish_case_study(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<CaseStudyForm>,
) -> Result<Reply, AppError> {
    set_case_study(officer, layout, ctx, id, &form, false).await
}
