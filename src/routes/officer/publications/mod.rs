//! Officers' pages for published reports (`/officer/publications`): the list, starting
//! one, its details, the overview with publish and unpublish, and the preview. The parts
//! (sections, projects, case studies) are in [`parts`].

mod parts;
mod sections;

use crate::routes::form::Form;
use chrono::{DateTime, NaiveDate, Utc};
use entity::publication;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::Officer;
use crate::domain::publication::{PublicationStatus, PublicationStatusRules};
use crate::error::{AppError, SplitInvalid};
use crate::routes::Pager;
use crate::routes::context::Ctx;
use crate::routes::public::reports::{Preview, ShowPage, report_view};
use crate::services::audit::Actor;
use crate::services::funds;
use crate::services::publishing::publications::{self, DetailsInput, STALE_FIELD, compose};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    let mut all = routes![
        list, new_page, create, show, edit_page, update, publish, unpublish, preview
    ];
    all.extend(parts::routes());
    all.extend(sections::routes());
    all
}

const BASE: &str = "/officer/publications";

/// The address of report `id`'s overview.
fn home(id: i32) -> String {
    format!("{BASE}/{id}")
}

fn tag_class(status: PublicationStatus) -> &'static str {
    match status {
        PublicationStatus::Draft => "tag--grey",
        PublicationStatus::Published => "tag--green",
    }
}

/// A report as the officers' pages name it, with its state.
#[derive(Serialize)]
struct Heading {
    id: i32,
    title: String,
    slug: String,
    version: i32,
    status: &'static str,
    status_label: &'static str,
    tag_class: &'static str,
    href: String,
}

impl Heading {
    fn of(found: &publication::Model) -> Result<Self, AppError> {
        let status = found.status;
        Ok(Heading {
            id: found.id,
            title: found.title.clone(),
            slug: found.slug.clone(),
            version: found.version,
            status: status.as_str(),
            status_label: status.label(),
            tag_class: tag_class(status),
            href: home(found.id),
        })
    }
}

#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    heading: Heading,
    period_start: NaiveDate,
    period_end: NaiveDate,
    updated_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    pager: Pager,
}

#[get("/officer/publications?<page>")]
async fn list(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let (found, paging) = publications::page(ctx.db, page).await?;
    let rows = found
        .iter()
        .map(|p| {
            Ok(Row {
                heading: Heading::of(p)?,
                period_start: p.period_start,
                period_end: p.period_end,
                updated_at: p.updated_at,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Template::render(
        "officer/publications/list",
        ListPage {
            layout: layout.titled("Published reports", None),
            rows,
            pager: Pager::new(BASE, &paging, &[]),
        },
    ))
}

const FIELDS: &[&str] = &[
    "title",
    "slug",
    "introduction",
    "period_start",
    "period_end",
    "fund",
    STALE_FIELD,
];

#[derive(Serialize)]
struct FundChoice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct FormPage {
    layout: Layout,
    form: FormView,
    funds: Vec<FundChoice>,
    /// The report being changed; none when starting one.
    report: Option<Heading>,
}

async fn form_page(
    db: &DatabaseConnection,
    layout: Layout,
    report: Option<Heading>,
    form: FormView,
) -> Result<Template, AppError> {
    let chosen = form
        .fields
        .get("fund")
        .map(|f| f.value.clone())
        .unwrap_or_default();
    let funds = funds::list(db)
        .await?
        .into_iter()
        .map(|f| FundChoice {
            selected: f.id.to_string() == chosen,
            value: f.id.to_string(),
            label: f.name,
        })
        .collect();
    let title = match &report {
        Some(r) => format!("Change the details: {}", r.title),
        None => "Start a published report".to_owned(),
    };
    Ok(Template::render(
        "officer/publications/form",
        FormPage {
            layout: layout.titled(&title, Some(&form)),
            form,
            funds,
            report,
        },
    ))
}

#[derive(FromForm)]
struct DetailsForm {
    version: Option<i32>,
    title: String,
    slug: String,
    introduction: String,
    period_start: String,
    period_end: String,
    fund: String,
}

impl DetailsForm {
    fn view(&self) -> FormView {
        FormView::new(FIELDS)
            .with("title", &self.title)
            .with("slug", &self.slug)
            .with("introduction", &self.introduction)
            .with("period_start", &self.period_start)
            .with("period_end", &self.period_end)
            .with("fund", &self.fund)
    }

    fn input(&self) -> DetailsInput {
        DetailsInput {
            title: self.title.clone(),
            slug: self.slug.clone(),
            introduction: self.introduction.clone(),
            period_start: self.period_start.clone(),
            period_end: self.period_end.clone(),
            fund: self.fund.clone(),
        }
    }
}

#[get("/officer/publications/new")]
async fn new_page(_officer: Officer, layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    form_page(ctx.db, layout, None, FormView::new(FIELDS)).await
}

#[post("/officer/publications", data = "<form>")]
async fn create(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    form: Form<DetailsForm>,
) -> Result<Reply, AppError> {
    match publications::create(ctx.db, ctx.clock, &Actor::user(&officer), form.input())
        .await
        .split_invalid()?
    {
        Ok(created) => Ok(Reply::done(
            home(created.id),
            "Draft report started: add its sections, projects and case studies, then publish it",
        )),
        Err(errors) => Ok(Reply::invalid(
            form_page(ctx.db, layout, None, form.view().with_errors(&errors)).await?,
        )),
    }
}

#[get("/officer/publications/<id>/edit")]
async fn edit_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let found = publications::by_id(ctx.db, id).await?;
    let form = FormView::new(FIELDS)
        .with("title", &found.title)
        .with("slug", &found.slug)
        .with("introduction", &found.introduction)
        .with("period_start", found.period_start.to_string())
        .with("period_end", found.period_end.to_string())
        .with(
            "fund",
            found.fund_id.map(|f| f.to_string()).unwrap_or_default(),
        );
    form_page(ctx.db, layout, Some(Heading::of(&found)?), form).await
}

#[post("/officer/publications/<id>/edit", data = "<form>")]
async fn update(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<DetailsForm>,
) -> Result<Reply, AppError> {
    let version = form.version.unwrap_or(-1);
    let actor = Actor::user(&officer);
    match publications::update(ctx.db, ctx.clock, &actor, id, version, form.input())
        .await
        .split_invalid()?
    {
        Ok(saved) => Ok(Reply::done(home(saved.id), "Report details saved")),
        Err(errors) => {
            // The form is drawn again at the current version, keeping what was typed.
            let found = publications::by_id(ctx.db, id).await?;
            let page = form_page(
                ctx.db,
                layout,
                Some(Heading::of(&found)?),
                form.view().with_errors(&errors),
            )
            .await?;
            Ok(Reply::invalid(page))
        }
    }
}

#[derive(Serialize)]
struct PartSummary {
    label: &'static str,
    href: String,
    items: usize,
    /// Chosen but no longer public, so left out of the report.
    hidden: usize,
}

#[derive(Serialize)]
struct ShowPageView {
    layout: Layout,
    report: Heading,
    introduction: String,
    period_start: NaiveDate,
    period_end: NaiveDate,
    fund_name: Option<String>,
    published_at: Option<DateTime<Utc>>,
    parts: Vec<PartSummary>,
    form: FormView,
}

async fn show_page(
    ctx: Ctx<'_>,
    layout: Layout,
    id: i32,
    form: FormView,
) -> Result<Template, AppError> {
    let found = publications::by_id(ctx.db, id).await?;
    let report = Heading::of(&found)?;
    let composed = compose::compose(ctx.db, found, ctx.tz).await?;
    let p = &composed.publication;
    let parts = vec![
        PartSummary {
            label: "Sections",
            href: format!("{}/sections", home(id)),
            items: composed.sections.len(),
            hidden: 0,
        },
        PartSummary {
            label: "Projects",
            href: format!("{}/projects", home(id)),
            items: composed.projects.len(),
            hidden: composed
                .projects
                .iter()
                .filter(|c| c.grant.is_none())
                .count(),
        },
        PartSummary {
            label: "Case studies",
            href: format!("{}/case-studies", home(id)),
            items: composed.case_studies.len(),
            hidden: composed
                .case_studies
                .iter()
                .filter(|c| c.study.is_none())
                .count(),
        },
    ];
    Ok(Template::render(
        "officer/publications/show",
        ShowPageView {
            layout: layout.titled(&report.title.clone(), Some(&form)),
            introduction: p.introduction.clone(),
            period_start: p.period_start,
            period_end: p.period_end,
            fund_name: composed.fund.as_ref().map(|f| f.name.clone()),
            published_at: p.published_at,
            report,
            parts,
            form,
        },
    ))
}

#[get("/officer/publications/<id>")]
async fn show(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    show_page(ctx, layout, id, FormView::new(&[STALE_FIELD])).await
}

/// What the buttons that change a whole report send: the version they were drawn from.
#[derive(FromForm)]
struct VersionForm {
    version: Option<i32>,
}

async fn set_published(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: &VersionForm,
    publish: bool,
) -> Result<Reply, AppError> {
    let version = form.version.unwrap_or(-1);
    let actor = Actor::user(&officer);
    match publications::set_published(ctx.db, ctx.clock, &actor, id, version, publish)
        .await
        .split_invalid()?
    {
        Ok(saved) => Ok(Reply::done(
            home(id),
            if publish {
                format!("Report published at /reports/{}", saved.slug)
            } else {
                "Report unpublished: it is a draft again and the public can no longer see it"
                    .to_owned()
            },
        )),
        Err(errors) => {
            let form = FormView::new(&[STALE_FIELD]).with_errors(&errors);
            Ok(Reply::invalid(show_page(ctx, layout, id, form).await?))
        }
    }
}

#[post("/officer/publications/<id>/publish", data = "<form>")]
async fn publish(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<VersionForm>,
) -> Result<Reply, AppError> {
    set_published(officer, layout, ctx, id, &form, true).await
}

#[post("/officer/publications/<id>/unpublish", data = "<form>")]
async fn unpublish(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<VersionForm>,
) -> Result<Reply, AppError> {
    set_published(officer, layout, ctx, id, &form, false).await
}

#[get("/officer/publications/<id>/preview")]
async fn preview(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let found = publications::by_id(ctx.db, id).await?;
    let draft = found.status == PublicationStatus::Draft;
    let report = report_view(ctx.db, found, ctx.tz).await?;
    Ok(Template::render(
        "public/reports/show",
        ShowPage {
            layout: layout.titled(&format!("Preview: {}", report.title()), None),
            report,
            preview: Some(Preview {
                back: home(id),
                draft,
            }),
        },
    ))
}
