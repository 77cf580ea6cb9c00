//! Officers' pages for applications: a round's list (and its CSV download), and
//! each application in full with the screening forms.

mod export;
pub(crate) mod page;
mod show;

use chrono::{DateTime, Utc};
use entity::{funding_round, ward};
use rocket::form::FromForm;
use rocket::http::{ContentType, Header};
use rocket::{Route, State, get, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::Officer;
use crate::config::AppConfig;
use crate::domain::application::{ALL, Status, StatusRules};
use crate::domain::pagination::SortDir;
use crate::error::AppError;
use crate::routes::{Pager, query_string};
use crate::services::screening::list::{self, ListFilter, ListRow, SortKey};
use crate::services::{rounds, wards};
use crate::views::Layout;

/// This area's routes.
pub fn routes() -> Vec<Route> {
    let mut all = routes![list_page, download];
    all.extend(show::routes());
    all
}

/// The tag colour of a status, so that the same state looks the same everywhere.
pub(crate) fn tag_class(status: Status) -> &'static str {
    match status {
        Status::Draft | Status::Withdrawn => "tag--grey",
        Status::Submitted => "tag--blue",
        Status::Returned | Status::Reserve => "tag--yellow",
        Status::Eligible | Status::Awarded => "tag--green",
        Status::Ineligible | Status::Declined => "tag--red",
    }
}

/// The list's address parameters, all optional: every combination is its own URL.
#[derive(Debug, Default, FromForm)]
struct ListQuery {
    status: Option<String>,
    ward: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
    page: Option<u64>,
}

/// The query made sense of: unknown values are dropped rather than refused, so an
/// old or mistyped link still shows a list.
struct Resolved {
    filter: ListFilter,
    status: String,
    ward: String,
    q: String,
}

impl Resolved {
    fn new(query: &ListQuery, wards: &[ward::Model]) -> Self {
        let status = query
            .status
            .as_deref()
            .and_then(Status::parse)
            .filter(|s| *s != Status::Draft);
        let ward = query
            .ward
            .as_deref()
            .map(str::trim)
            .and_then(|code| wards.iter().find(|w| w.code == code));
        let q = query.q.as_deref().unwrap_or_default().trim().to_owned();
        Resolved {
            filter: ListFilter {
                status,
                ward_id: ward.map(|w| w.id),
                q: q.clone(),
                sort: query
                    .sort
                    .as_deref()
                    .and_then(SortKey::parse)
                    .unwrap_or_default(),
                dir: query
                    .dir
                    .as_deref()
                    .and_then(SortDir::parse)
                    .unwrap_or_default(),
            },
            status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            ward: ward.map(|w| w.code.clone()).unwrap_or_default(),
            q,
        }
    }

    /// The filters as address pairs (blank ones are left out of links).
    fn filters(&self) -> Vec<(&'static str, String)> {
        vec![
            ("status", self.status.clone()),
            ("ward", self.ward.clone()),
            ("q", self.q.clone()),
        ]
    }

    /// Filters and sort, the sort only when it is not the default.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.filters();
        if self.filter.sort != SortKey::default() || self.filter.dir != SortDir::default() {
            pairs.push(("sort", self.filter.sort.as_str().to_owned()));
            pairs.push(("dir", self.filter.dir.as_str().to_owned()));
        }
        pairs
    }
}

fn link(base: &str, pairs: &[(&str, String)]) -> String {
    let query = query_string(pairs);
    if query.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{query}")
    }
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct CountView {
    label: &'static str,
    count: u64,
    href: String,
    current: bool,
}

/// A column heading; sortable ones link to the list sorted by them.
#[derive(Serialize)]
struct Column {
    label: &'static str,
    href: Option<String>,
    /// `ascending` or `descending` on the column the list is sorted by.
    aria_sort: Option<&'static str>,
    arrow: Option<&'static str>,
    numeric: bool,
}

fn columns(base: &str, resolved: &Resolved) -> Vec<Column> {
    let sortable = |label, key: SortKey, numeric| {
        let current = resolved.filter.sort == key;
        let dir = if current {
            resolved.filter.dir.flip()
        } else {
            SortDir::Asc
        };
        let mut pairs = resolved.filters();
        pairs.push(("sort", key.as_str().to_owned()));
        pairs.push(("dir", dir.as_str().to_owned()));
        let (aria_sort, arrow) = match (current, resolved.filter.dir) {
            (false, _) => (None, None),
            (true, SortDir::Asc) => (Some("ascending"), Some("▲")),
            (true, SortDir::Desc) => (Some("descending"), Some("▼")),
        };
        Column {
            label,
            href: Some(link(base, &pairs)),
            aria_sort,
            arrow,
            numeric,
        }
    };
    let plain = |label| Column {
        label,
        href: None,
        aria_sort: None,
        arrow: None,
        numeric: false,
    };
    vec![
        sortable("Reference", SortKey::Reference, false),
        sortable("Organisation", SortKey::Organisation, false),
        plain("Title"),
        sortable("Requested", SortKey::Amount, true),
        plain("Wards"),
        plain("Status"),
        sortable("Submitted", SortKey::Submitted, false),
    ]
}

#[derive(Serialize)]
struct RowView {
    id: i32,
    reference: String,
    organisation: String,
    title: String,
    requested: i64,
    wards: String,
    status: &'static str,
    tag_class: &'static str,
    submitted_at: Option<DateTime<Utc>>,
}

impl From<ListRow> for RowView {
    fn from(row: ListRow) -> Self {
        RowView {
            id: row.id,
            reference: row.reference,
            organisation: row.organisation,
            title: row.title,
            requested: row.requested_pence,
            wards: row.wards.join(", "),
            status: row.status.label(),
            tag_class: tag_class(row.status),
            submitted_at: row.submitted_at,
        }
    }
}

#[derive(Serialize)]
struct RoundHeading {
    name: String,
    slug: String,
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    round: RoundHeading,
    total: u64,
    counts: Vec<CountView>,
    all_href: String,
    drafts: String,
    q: String,
    statuses: Vec<Choice>,
    wards: Vec<Choice>,
    sort: &'static str,
    dir: &'static str,
    filtered: bool,
    columns: Vec<Column>,
    rows: Vec<RowView>,
    pager: Pager,
    csv_href: String,
}

fn drafts_text(drafts: u64) -> String {
    match drafts {
        0 => "No drafts in progress".to_owned(),
        1 => "1 draft in progress".to_owned(),
        n => format!("{n} drafts in progress"),
    }
}

#[get("/officer/rounds/<slug>/applications?<query..>")]
async fn list_page(
    _officer: Officer,
    layout: Layout,
    db: &State<DatabaseConnection>,
    slug: &str,
    query: ListQuery,
) -> Result<Template, AppError> {
    let db = db.inner();
    let round: funding_round::Model = rounds::by_slug(db, slug).await?;
    let all_wards = wards::all(db).await?;
    let resolved = Resolved::new(&query, &all_wards);
    let (rows, paging) = list::page(db, round.id, &resolved.filter, query.page).await?;
    let counts = list::counts(db, round.id).await?;
    let base = format!("/officer/rounds/{}/applications", round.slug);
    let count_views = counts
        .by_status
        .iter()
        .map(|(status, count)| CountView {
            label: status.label(),
            count: *count,
            href: link(&base, &[("status", status.as_str().to_owned())]),
            current: resolved.filter.status == Some(*status),
        })
        .collect();
    let statuses = ALL
        .iter()
        .filter(|s| **s != Status::Draft)
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: s.label().to_owned(),
            selected: resolved.filter.status == Some(*s),
        })
        .collect();
    let ward_choices = all_wards
        .iter()
        .map(|w| Choice {
            value: w.code.clone(),
            label: w.name.clone(),
            selected: w.code == resolved.ward,
        })
        .collect();
    let title = format!("Applications: {}", round.name);
    Ok(Template::render(
        "officer/applications/list",
        ListPage {
            layout: layout.titled(&title, None),
            total: counts.total,
            counts: count_views,
            all_href: base.clone(),
            drafts: drafts_text(counts.drafts),
            q: resolved.q.clone(),
            statuses,
            wards: ward_choices,
            sort: resolved.filter.sort.as_str(),
            dir: resolved.filter.dir.as_str(),
            filtered: resolved.filters().iter().any(|(_, v)| !v.is_empty()),
            columns: columns(&base, &resolved),
            rows: rows.into_iter().map(RowView::from).collect(),
            pager: Pager::new(&base, &paging, &resolved.pairs()),
            csv_href: link(&format!("{base}.csv"), &resolved.pairs()),
            round: RoundHeading {
                name: round.name,
                slug: round.slug,
            },
        },
    ))
}

/// A CSV file to save, rather than show.
#[derive(rocket::Responder)]
struct CsvFile {
    body: Vec<u8>,
    content_type: ContentType,
    disposition: Header<'static>,
}

#[get("/officer/rounds/<slug>/applications.csv?<query..>")]
async fn download(
    _officer: Officer,
    config: &State<AppConfig>,
    db: &State<DatabaseConnection>,
    slug: &str,
    query: ListQuery,
) -> Result<CsvFile, AppError> {
    let db = db.inner();
    let round = rounds::by_slug(db, slug).await?;
    let all_wards = wards::all(db).await?;
    let resolved = Resolved::new(&query, &all_wards);
    let rows = list::all(db, round.id, &resolved.filter).await?;
    // The slug is only lower-case letters, digits and hyphens, so it is safe in the header.
    let filename = format!("{}-applications.csv", round.slug);
    Ok(CsvFile {
        body: export::csv(&rows, config.time_zone)?,
        content_type: ContentType::CSV,
        disposition: Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ),
    })
}
