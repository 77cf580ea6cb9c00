//! The funded-projects directory and each project's page: public, no sign-in.

use std::sync::Arc;

use rocket::form::FromForm;
use rocket::response::content::RawHtml;
use rocket::{Route, get, routes};
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::config::AppConfig;
use crate::domain::pagination::SortDir;
use crate::domain::project::ProjectStatus;
use crate::error::AppError;
use crate::routes::public::Published;
use crate::routes::{Pager, query_string};
use crate::services::publishing::cache::PublishedCache;
pub use crate::services::publishing::choices::Choices;
use crate::services::publishing::grants::PublicGrant;
use crate::services::publishing::query::{GrantFilter, ProjectPage, ProjectSort};
use crate::views::Layout;

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![list, show]
}

/// The directory's address parameters, all optional: every combination is its own URL.
/// Wards and outcomes go by code, funds and rounds by slug, so links read well.
#[derive(Debug, Default, FromForm)]
pub struct ProjectQuery {
    pub ward: Option<String>,
    pub outcome: Option<String>,
    pub fund: Option<String>,
    pub round: Option<String>,
    pub year: Option<String>,
    pub status: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<u64>,
}

/// The query made sense of: unknown values are dropped rather than refused, so an old or
/// mistyped link still shows projects.
pub struct Resolved {
    pub filter: GrantFilter,
    pub sort: ProjectSort,
    pub dir: SortDir,
    /// The filters as they go back into addresses (blank ones left out of links).
    pub filters: Vec<(&'static str, String)>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Resolved {
    /// Resolves codes and slugs against `choices`.
    pub fn new(query: &ProjectQuery, choices: &Choices) -> Self {
        let ward = given(&query.ward).and_then(|c| choices.wards.iter().find(|w| w.code == c));
        let outcome =
            given(&query.outcome).and_then(|c| choices.outcomes.iter().find(|o| o.code == c));
        let fund = given(&query.fund).and_then(|s| choices.funds.iter().find(|f| f.slug == s));
        let round = given(&query.round).and_then(|s| choices.rounds.iter().find(|r| r.slug == s));
        let year = given(&query.year)
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|y| (1900..=9999).contains(y));
        let status = given(&query.status).and_then(ProjectStatus::parse);
        let q: String = given(&query.q)
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect();
        let sort = given(&query.sort)
            .and_then(ProjectSort::parse)
            .unwrap_or_default();
        let dir = given(&query.dir)
            .and_then(SortDir::parse)
            .unwrap_or(sort.natural_dir());
        let mut filters = vec![
            ("ward", ward.map(|w| w.code.clone()).unwrap_or_default()),
            (
                "outcome",
                outcome.map(|o| o.code.clone()).unwrap_or_default(),
            ),
            ("fund", fund.map(|f| f.slug.clone()).unwrap_or_default()),
            ("round", round.map(|r| r.slug.clone()).unwrap_or_default()),
            ("year", year.map(|y| y.to_string()).unwrap_or_default()),
            (
                "status",
                status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            ),
            ("q", q.clone()),
        ];
        if sort != ProjectSort::default() || dir != sort.natural_dir() {
            filters.push(("sort", sort.as_str().to_owned()));
            filters.push(("dir", dir.as_str().to_owned()));
        }
        Resolved {
            filter: GrantFilter {
                ward_id: ward.map(|w| w.id),
                outcome_id: outcome.map(|o| o.id),
                fund_id: fund.map(|f| f.id),
                round_id: round.map(|r| r.id),
                year,
                status,
                q,
                awarded_from: None,
                awarded_to: None,
            },
            sort,
            dir,
            filters,
        }
    }

    fn value(&self, key: &str) -> &str {
        self.filters
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }
}

/// An address on `base` with these pairs (blank ones left out).
pub fn link(base: &str, pairs: &[(&str, String)]) -> String {
    let query = query_string(pairs);
    if query.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{query}")
    }
}

/// A project as the pages show it.
#[derive(Serialize)]
pub struct ProjectView {
    #[serde(flatten)]
    pub grant: PublicGrant,
    pub status_label: &'static str,
    pub href: String,
    pub ward_names: String,
}

impl From<PublicGrant> for ProjectView {
    fn from(grant: PublicGrant) -> Self {
        ProjectView {
            status_label: grant.status.label(),
            href: format!("/projects/{}", grant.reference),
            ward_names: ward_names(&grant),
            grant,
        }
    }
}

/// The wards a project serves, as the pages list them.
fn ward_names(grant: &PublicGrant) -> String {
    grant
        .wards
        .iter()
        .map(|w| w.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A project as the directory lists it: only what the list shows, so that a page of
/// twenty is quick to hand to the template.
#[derive(Serialize)]
struct ProjectCard {
    title: String,
    status: ProjectStatus,
    status_label: &'static str,
    href: String,
    ward_names: String,
    amount_awarded_pence: i64,
    award_date: chrono::NaiveDate,
    round: NameOnly,
    fund: NameOnly,
    organisation: NameOnly,
}

#[derive(Serialize)]
struct NameOnly {
    name: String,
}

impl From<&PublicGrant> for ProjectCard {
    fn from(grant: &PublicGrant) -> Self {
        let name = |name: &str| NameOnly {
            name: name.to_owned(),
        };
        ProjectCard {
            title: grant.title.clone(),
            status: grant.status,
            status_label: grant.status.label(),
            href: format!("/projects/{}", grant.reference),
            ward_names: ward_names(grant),
            amount_awarded_pence: grant.amount_awarded_pence,
            award_date: grant.award_date,
            round: name(&grant.round.name),
            fund: name(&grant.fund.name),
            organisation: name(&grant.organisation.name),
        }
    }
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choice(value: String, label: String, current: &str) -> Choice {
    Choice {
        selected: value == current,
        value,
        label,
    }
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    q: String,
    wards: Vec<Choice>,
    outcomes: Vec<Choice>,
    funds: Vec<Choice>,
    rounds: Vec<Choice>,
    years: Vec<Choice>,
    statuses: Vec<Choice>,
    sorts: Vec<Choice>,
    dirs: Vec<Choice>,
    filtered: bool,
    projects: Vec<ProjectCard>,
    pager: Pager,
    api_href: String,
}

/// The years a filter offers, newest first: from the first round's opening to the year
/// after the last round closes.
pub fn year_range(choices: &Choices) -> Vec<i32> {
    use chrono::Datelike;
    let first = choices
        .rounds
        .iter()
        .map(|r| r.opens_at.year())
        .min()
        .unwrap_or_else(|| chrono::Utc::now().year());
    let last = choices
        .rounds
        .iter()
        .map(|r| r.closes_at.year() + 1)
        .max()
        .unwrap_or(first);
    (first..=last).rev().collect()
}

/// What the filters offer, the query made sense of, and the page of the directory it
/// asks for: the same for the directory and the API.
pub async fn directory_page(
    db: &DatabaseConnection,
    cache: &PublishedCache,
    config: &AppConfig,
    query: &ProjectQuery,
) -> Result<(Arc<Choices>, Resolved, Arc<ProjectPage>), AppError> {
    let choices = cache.shared(db, "choices", || Choices::load(db)).await?;
    let resolved = Resolved::new(query, &choices);
    let page = cache
        .page(
            db,
            &resolved.filter,
            resolved.sort,
            resolved.dir,
            query.page,
            config.time_zone,
        )
        .await?;
    Ok((choices, resolved, page))
}

#[get("/projects?<query..>")]
async fn list(page: Published<'_>, query: ProjectQuery) -> Result<RawHtml<String>, AppError> {
    let (db, cache, config) = (page.db, page.cache, page.config);
    page.render(|layout| list_page(layout, db, cache, config, query))
        .await
}

async fn list_page(
    layout: Layout,
    db: &DatabaseConnection,
    cache: &PublishedCache,
    config: &AppConfig,
    query: ProjectQuery,
) -> Result<(&'static str, ListPage), AppError> {
    let (choices, resolved, page) = directory_page(db, cache, config, &query).await?;
    let filtered = resolved
        .filters
        .iter()
        .any(|(k, v)| !v.is_empty() && *k != "sort" && *k != "dir");
    let title = if filtered {
        "Funded projects (filtered)"
    } else {
        "Funded projects"
    };
    Ok((
        "public/projects/list",
        ListPage {
            layout: layout.titled(title, None),
            q: resolved.filter.q.clone(),
            wards: choices
                .wards
                .iter()
                .map(|w| choice(w.code.clone(), w.name.clone(), resolved.value("ward")))
                .collect(),
            outcomes: choices
                .outcomes
                .iter()
                .map(|o| choice(o.code.clone(), o.title.clone(), resolved.value("outcome")))
                .collect(),
            funds: choices
                .funds
                .iter()
                .map(|f| choice(f.slug.clone(), f.name.clone(), resolved.value("fund")))
                .collect(),
            rounds: choices
                .rounds
                .iter()
                .map(|r| choice(r.slug.clone(), r.name.clone(), resolved.value("round")))
                .collect(),
            years: year_range(&choices)
                .into_iter()
                .map(|y| choice(y.to_string(), y.to_string(), resolved.value("year")))
                .collect(),
            statuses: ProjectStatus::ALL
                .iter()
                .map(|s| {
                    choice(
                        s.as_str().to_owned(),
                        s.label().to_owned(),
                        resolved.value("status"),
                    )
                })
                .collect(),
            sorts: ProjectSort::ALL
                .iter()
                .map(|s| {
                    choice(
                        s.as_str().to_owned(),
                        s.label().to_owned(),
                        resolved.sort.as_str(),
                    )
                })
                .collect(),
            dirs: [
                (SortDir::Desc, "Highest or newest first"),
                (SortDir::Asc, "Lowest, oldest or A to Z first"),
            ]
            .into_iter()
            .map(|(d, label)| {
                choice(
                    d.as_str().to_owned(),
                    label.to_owned(),
                    resolved.dir.as_str(),
                )
            })
            .collect(),
            filtered,
            pager: Pager::new("/projects", &page.paging, &resolved.filters),
            api_href: link("/api/v1/projects", &resolved.filters),
            projects: page.grants.iter().map(ProjectCard::from).collect(),
        },
    ))
}

#[derive(Serialize)]
struct ShowPage {
    layout: Layout,
    project: ProjectView,
    has_indicators: bool,
    several_wards: bool,
    several_case_studies: bool,
}

#[get("/projects/<reference>")]
async fn show(page: Published<'_>, reference: &str) -> Result<RawHtml<String>, AppError> {
    let (db, cache, tz) = (page.db, page.cache, page.config.time_zone);
    page.render(|layout| async move {
        let grant = cache
            .grant(db, reference, tz)
            .await?
            .map(|g| PublicGrant::clone(&g))
            .ok_or(AppError::NotFound)?;
        let has_indicators = grant.outcomes.iter().any(|o| !o.indicators.is_empty());
        let several_wards = grant.wards.len() > 1;
        let several_case_studies = grant.case_studies.len() > 1;
        Ok((
            "public/projects/show",
            ShowPage {
                layout: layout.titled(&grant.title.clone(), None),
                project: ProjectView::from(grant),
                has_indicators,
                several_wards,
                several_case_studies,
            },
        ))
    })
    .await
}
