//! Published reports: the list, and each report as a document meant to be read on screen
//! or printed. Drafts do not exist here, for anyone; officers preview them on their side.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::publication;
use rocket::{Route, get, routes};
use rocket_dyn_templates::Template;
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::impact::{Breakdown, breakdowns};
use super::projects::ProjectView;
use crate::domain::deal::paragraphs;
use crate::error::AppError;
use crate::routes::Pager;
use crate::routes::context::Ctx;
use crate::services::publishing::impact::Impact;
use crate::services::publishing::publications::{self, compose};
use crate::views::Layout;

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![list, show]
}

#[derive(Serialize)]
struct ListRow {
    title: String,
    href: String,
    period_start: NaiveDate,
    period_end: NaiveDate,
    published_at: Option<DateTime<Utc>>,
    introduction: String,
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    reports: Vec<ListRow>,
    pager: Pager,
}

/// The first paragraph of a report's introduction, for lists.
fn lead(introduction: &str) -> String {
    paragraphs(introduction)
        .into_iter()
        .next()
        .unwrap_or_default()
}

#[get("/reports?<page>")]
async fn list(layout: Layout, ctx: Ctx<'_>, page: Option<u64>) -> Result<Template, AppError> {
    let (rows, paging) = publications::published_page(ctx.db, page).await?;
    let reports = rows
        .into_iter()
        .map(|p| ListRow {
            href: format!("/reports/{}", p.slug),
            introduction: lead(&p.introduction),
            title: p.title,
            period_start: p.period_start,
            period_end: p.period_end,
            published_at: p.published_at,
        })
        .collect();
    Ok(Template::render(
        "public/reports/list",
        ListPage {
            layout: layout.titled("Published reports", None),
            reports,
            pager: Pager::new("/reports", &paging, &[]),
        },
    ))
}

#[derive(Serialize)]
struct SectionView {
    heading: String,
    paragraphs: Vec<String>,
}

#[derive(Serialize)]
struct StudyView {
    paragraphs: Vec<String>,
    reference: String,
    project_title: String,
    organisation: String,
    href: String,
}

/// A report as readers see it.
#[derive(Serialize)]
pub struct ReportView {
    title: String,
    slug: String,
    introduction: Vec<String>,
    period_start: NaiveDate,
    period_end: NaiveDate,
    /// `None` when the figures cover every fund.
    fund_name: Option<String>,
    published_at: Option<DateTime<Utc>>,
    sections: Vec<SectionView>,
    projects: Vec<ProjectView>,
    case_studies: Vec<StudyView>,
    impact: Impact,
    breakdowns: Vec<Breakdown>,
}

impl ReportView {
    /// The report's title.
    pub fn title(&self) -> &str {
        &self.title
    }
}

/// Report `found` as readers see it: only the chosen projects and case studies that are
/// still public, and the figures for its period from live data.
pub async fn report_view<C: ConnectionTrait>(
    conn: &C,
    found: publication::Model,
    tz: Tz,
) -> Result<ReportView, AppError> {
    let impact = compose::figures(conn, &found, tz).await?;
    let composed = compose::compose(conn, found, tz).await?;
    let p = composed.publication;
    Ok(ReportView {
        introduction: paragraphs(&p.introduction),
        title: p.title,
        slug: p.slug,
        period_start: p.period_start,
        period_end: p.period_end,
        fund_name: composed.fund.map(|f| f.name),
        published_at: p.published_at,
        sections: composed
            .sections
            .into_iter()
            .map(|s| SectionView {
                paragraphs: paragraphs(&s.body),
                heading: s.heading,
            })
            .collect(),
        projects: composed
            .projects
            .into_iter()
            .filter_map(|c| c.grant)
            .map(ProjectView::from)
            .collect(),
        case_studies: composed
            .case_studies
            .into_iter()
            .filter_map(|c| c.study)
            .map(|s| StudyView {
                paragraphs: paragraphs(&s.text),
                href: format!("/projects/{}", s.reference),
                reference: s.reference,
                project_title: s.project_title,
                organisation: s.organisation,
            })
            .collect(),
        breakdowns: breakdowns(&impact),
        impact,
    })
}

/// The page of one report; officers' previews use it too.
#[derive(Serialize)]
pub struct ShowPage {
    pub layout: Layout,
    pub report: ReportView,
    /// Set on an officer's preview: where to go back to, and whether it is a draft.
    pub preview: Option<Preview>,
}

/// What an officer's preview adds to the page.
#[derive(Serialize)]
pub struct Preview {
    pub back: String,
    pub draft: bool,
}

#[get("/reports/<slug>")]
async fn show(layout: Layout, ctx: Ctx<'_>, slug: &str) -> Result<Template, AppError> {
    let found = publications::published_by_slug(ctx.db, slug).await?;
    let report = report_view(ctx.db, found, ctx.tz).await?;
    Ok(Template::render(
        "public/reports/show",
        ShowPage {
            layout: layout.titled(report.title(), None),
            report,
            preview: None,
        },
    ))
}
