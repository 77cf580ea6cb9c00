//! The parts of a published report, each on its own page: sections of text (their forms
//! are in [`super::sections`]), chosen funded projects and chosen case studies; adding,
//! removing and reordering.
//! Every form carries the report's version, so a change made from an old page is refused.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::{Heading, home};
use crate::auth::Officer;
use crate::domain::ordering::Direction;
use crate::error::{AppError, SplitInvalid};
use crate::format;
use crate::routes::Pager;
use crate::routes::context::Ctx;
use crate::routes::officer::ordering::moved_message;
use crate::services::audit::Actor;
use crate::services::publishing::publications::compose::{self, Composed};
use crate::services::publishing::publications::items::{self, Part};
use crate::services::publishing::publications::{self, STALE_FIELD};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        projects_page,
        add_project,
        case_studies_page,
        add_case_study,
        remove,
        move_item
    ]
}

fn part_of(segment: &str) -> Result<Part, AppError> {
    [Part::Sections, Part::Projects, Part::CaseStudies]
        .into_iter()
        .find(|p| p.path() == segment)
        .ok_or(AppError::NotFound)
}

pub(super) fn part_href(id: i32, part: Part) -> String {
    format!("{}/{}", home(id), part.path())
}

/// Where an item's buttons may move it.
#[derive(Serialize)]
struct Moves {
    up: bool,
    down: bool,
}

impl Moves {
    fn at(index: usize, len: usize) -> Self {
        Moves {
            up: index > 0,
            down: index + 1 < len,
        }
    }
}

#[derive(Serialize)]
struct SectionRow {
    id: i32,
    heading: String,
    body: String,
    moves: Moves,
}

#[derive(Serialize)]
struct ProjectRow {
    id: i32,
    reference: String,
    title: String,
    /// Still public, so in the report.
    public: bool,
    organisation: String,
    amount: String,
    moves: Moves,
}

#[derive(Serialize)]
struct StudyRow {
    id: i32,
    report_id: i32,
    public: bool,
    text: String,
    reference: String,
    project_title: String,
    organisation: String,
    moves: Moves,
}

#[derive(Serialize)]
struct PartPage {
    layout: Layout,
    report: Heading,
    /// Where the list's remove and move buttons post.
    items_href: String,
    form: FormView,
    sections: Vec<SectionRow>,
    projects: Vec<ProjectRow>,
    case_studies: Vec<StudyRow>,
    /// Published case studies not yet chosen, to add.
    available: Vec<StudyRow>,
    pager: Option<Pager>,
}

pub(super) const SECTION_FIELDS: &[&str] = &["heading", "body", STALE_FIELD];
const PROJECT_FIELDS: &[&str] = &["reference", STALE_FIELD];
const STUDY_FIELDS: &[&str] = &["report", STALE_FIELD];

fn fields(part: Part) -> &'static [&'static str] {
    match part {
        Part::Sections => SECTION_FIELDS,
        Part::Projects => PROJECT_FIELDS,
        Part::CaseStudies => STUDY_FIELDS,
    }
}

fn rows(composed: Composed) -> (Vec<SectionRow>, Vec<ProjectRow>, Vec<StudyRow>) {
    let len = composed.sections.len();
    let sections = composed
        .sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| SectionRow {
            id: s.id,
            heading: s.heading,
            body: s.body,
            moves: Moves::at(i, len),
        })
        .collect();
    let len = composed.projects.len();
    let projects = composed
        .projects
        .into_iter()
        .enumerate()
        .map(|(i, p)| ProjectRow {
            id: p.item_id,
            public: p.grant.is_some(),
            organisation: p
                .grant
                .as_ref()
                .map(|g| g.organisation.name.clone())
                .unwrap_or_default(),
            amount: p
                .grant
                .as_ref()
                .map(|g| format::money(g.amount_awarded_pence))
                .unwrap_or_default(),
            reference: p.reference,
            title: p.title,
            moves: Moves::at(i, len),
        })
        .collect();
    let len = composed.case_studies.len();
    let case_studies = composed
        .case_studies
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let study = c.study.unwrap_or_else(|| compose::PublicStudy {
                report_id: c.report_id,
                text: String::new(),
                reference: String::new(),
                project_title: String::new(),
                organisation: String::new(),
            });
            StudyRow {
                id: c.item_id,
                report_id: c.report_id,
                public: !study.reference.is_empty(),
                text: study.text,
                reference: study.reference,
                project_title: study.project_title,
                organisation: study.organisation,
                moves: Moves::at(i, len),
            }
        })
        .collect();
    (sections, projects, case_studies)
}

pub(super) async fn part_page(
    ctx: Ctx<'_>,
    layout: Layout,
    id: i32,
    part: Part,
    form: FormView,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let found = publications::by_id(ctx.db, id).await?;
    let report = Heading::of(&found)?;
    let composed = compose::compose(ctx.db, found, ctx.tz).await?;
    let (sections, projects, case_studies) = rows(composed);
    let (available, pager) = if part == Part::CaseStudies {
        let (studies, paging) = compose::available_case_studies(ctx.db, id, page, ctx.tz).await?;
        let available = studies
            .into_iter()
            .map(|s| StudyRow {
                id: s.report_id,
                report_id: s.report_id,
                public: true,
                text: s.text,
                reference: s.reference,
                project_title: s.project_title,
                organisation: s.organisation,
                moves: Moves::at(0, 0),
            })
            .collect();
        let pager = Pager::new(&part_href(id, part), &paging, &[]);
        (available, Some(pager))
    } else {
        (Vec::new(), None)
    };
    let (template, title) = match part {
        Part::Sections => ("officer/publications/sections", "Sections"),
        Part::Projects => ("officer/publications/projects", "Projects"),
        Part::CaseStudies => ("officer/publications/case_studies", "Case studies"),
    };
    Ok(Template::render(
        template,
        PartPage {
            layout: layout.titled(&format!("{title}: {}", report.title), Some(&form)),
            items_href: home(id),
            report,
            form,
            sections,
            projects,
            case_studies,
            available,
            pager,
        },
    ))
}

#[get("/officer/publications/<id>/projects")]
async fn projects_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let form = FormView::new(PROJECT_FIELDS);
    part_page(ctx, layout, id, Part::Projects, form, None).await
}

#[get("/officer/publications/<id>/case-studies?<page>")]
async fn case_studies_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let form = FormView::new(STUDY_FIELDS);
    part_page(ctx, layout, id, Part::CaseStudies, form, page).await
}

#[derive(FromForm)]
struct ProjectForm {
    version: Option<i32>,
    reference: String,
}

#[post("/officer/publications/<id>/projects", data = "<form>")]
async fn add_project(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<ProjectForm>,
) -> Result<Reply, AppError> {
    let version = form.version.unwrap_or(-1);
    let actor = Actor::user(&officer);
    let tz = ctx.tz;
    match items::add_project(ctx.db, ctx.clock, &actor, id, version, &form.reference, tz)
        .await
        .split_invalid()?
    {
        Ok(_) => Ok(Reply::done(
            part_href(id, Part::Projects),
            format!(
                "Project {} added to the report",
                form.reference.trim().to_uppercase()
            ),
        )),
        Err(errors) => {
            let typed = FormView::new(PROJECT_FIELDS)
                .with("reference", &form.reference)
                .with_errors(&errors);
            Ok(Reply::invalid(
                part_page(ctx, layout, id, Part::Projects, typed, None).await?,
            ))
        }
    }
}

#[derive(FromForm)]
struct CaseStudyForm {
    version: Option<i32>,
    report: Option<i32>,
}

#[post("/officer/publications/<id>/case-studies", data = "<form>")]
async fn add_case_study(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<CaseStudyForm>,
) -> Result<Reply, AppError> {
    let version = form.version.unwrap_or(-1);
    let actor = Actor::user(&officer);
    let report = form.report.unwrap_or(-1);
    let tz = ctx.tz;
    match items::add_case_study(ctx.db, ctx.clock, &actor, id, version, report, tz)
        .await
        .split_invalid()?
    {
        Ok(_) => Ok(Reply::done(
            part_href(id, Part::CaseStudies),
            "Case study added to the report",
        )),
        Err(errors) => {
            let typed = FormView::new(STUDY_FIELDS).with_errors(&errors);
            Ok(Reply::invalid(
                part_page(ctx, layout, id, Part::CaseStudies, typed, None).await?,
            ))
        }
    }
}

#[derive(FromForm)]
struct ItemForm {
    version: Option<i32>,
    direction: Option<String>,
}

#[post("/officer/publications/<id>/<part>/<item>/remove", data = "<form>")]
async fn remove(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    part: &str,
    item: i32,
    form: Form<ItemForm>,
) -> Result<Reply, AppError> {
    let part = part_of(part)?;
    let version = form.version.unwrap_or(-1);
    let actor = Actor::user(&officer);
    match items::remove(ctx.db, ctx.clock, &actor, part, id, item, version)
        .await
        .split_invalid()?
    {
        Ok(()) => Ok(Reply::done(
            part_href(id, part),
            format!("Removed the {} from the report", part.noun()),
        )),
        Err(errors) => {
            let form = FormView::new(fields(part)).with_errors(&errors);
            Ok(Reply::invalid(
                part_page(ctx, layout, id, part, form, None).await?,
            ))
        }
    }
}

#[post("/officer/publications/<id>/<part>/<item>/move", data = "<form>")]
async fn move_item(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    part: &str,
    item: i32,
    form: Form<ItemForm>,
) -> Result<Reply, AppError> {
    let part = part_of(part)?;
    let direction = form
        .direction
        .as_deref()
        .and_then(Direction::parse)
        .ok_or_else(|| AppError::BadRequest("move up or down".into()))?;
    let version = form.version.unwrap_or(-1);
    let actor = Actor::user(&officer);
    match items::move_item(
        ctx.db, ctx.clock, &actor, part, id, item, version, direction,
    )
    .await
    .split_invalid()?
    {
        Ok(moved) => Ok(Reply::done(
            part_href(id, part),
            moved_message(&format!("the {}", part.noun()), direction, moved),
        )),
        Err(errors) => {
            let form = FormView::new(fields(part)).with_errors(&errors);
            Ok(Reply::invalid(
                part_page(ctx, layout, id, part, form, None).await?,
            ))
        }
    }
}
