//! A published report put together from live data: its sections, the chosen projects and
//! case studies that are still public, and the dashboard figures for its period. A project
//! whose award is cancelled, or a case study taken back, drops out of every report that
//! chose it, without anyone editing the report.

use std::collections::{HashMap, HashSet};

use chrono_tz::Tz;
use entity::{
    application, award, fund, monitoring_report, publication, publication_case_study,
    publication_project, publication_section,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};

use super::items::sections;
use crate::domain::pagination::Paging;
use crate::domain::report::ReportStatus;
use crate::error::AppError;
use crate::services::publishing::grants::{self, PublicGrant};
use crate::services::publishing::impact::{self, Impact};
use crate::services::publishing::query::{self, GrantFilter};

/// A chosen project: the public record while the project is public, `None` after.
#[derive(Debug, Clone)]
pub struct ChosenProject {
    /// The `publication_project` row.
    pub item_id: i32,
    pub reference: String,
    pub title: String,
    pub grant: Option<PublicGrant>,
}

/// A published case study with the project it comes from.
#[derive(Debug, Clone)]
pub struct PublicStudy {
    pub report_id: i32,
    pub text: String,
    pub reference: String,
    pub project_title: String,
    pub organisation: String,
}

/// A chosen case study: its public form while it is public, `None` after.
#[derive(Debug, Clone)]
pub struct ChosenCaseStudy {
    /// The `publication_case_study` row.
    pub item_id: i32,
    pub report_id: i32,
    pub study: Option<PublicStudy>,
}

/// A report and its parts, in order.
#[derive(Debug, Clone)]
pub struct Composed {
    pub publication: publication::Model,
    pub fund: Option<fund::Model>,
    pub sections: Vec<publication_section::Model>,
    pub projects: Vec<ChosenProject>,
    pub case_studies: Vec<ChosenCaseStudy>,
}

/// The public records of the awards of these applications, by application id.
async fn public_grants_of_applications<C: ConnectionTrait>(
    conn: &C,
    application_ids: Vec<i32>,
    tz: Tz,
) -> Result<HashMap<i32, PublicGrant>, AppError> {
    if application_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let awards = query::select(&GrantFilter::default(), tz)
        .filter(award::Column::ApplicationId.is_in(application_ids))
        .all(conn)
        .await?;
    let application_of: HashMap<i32, i32> =
        awards.iter().map(|a| (a.id, a.application_id)).collect();
    Ok(grants::load(conn, awards, tz)
        .await?
        .into_iter()
        .filter_map(|g| application_of.get(&g.award_id).map(|app| (*app, g)))
        .collect())
}

/// The published case studies of these monitoring reports, by report id.
pub async fn public_studies<C: ConnectionTrait>(
    conn: &C,
    report_ids: Vec<i32>,
    tz: Tz,
) -> Result<HashMap<i32, PublicStudy>, AppError> {
    if report_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let award_ids: HashSet<i32> = monitoring_report::Entity::find()
        .select_only()
        .column(monitoring_report::Column::AwardId)
        .filter(monitoring_report::Column::Id.is_in(report_ids.clone()))
        .into_tuple::<i32>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let awards = query::select(&GrantFilter::default(), tz)
        .filter(award::Column::Id.is_in(award_ids))
        .all(conn)
        .await?;
    let wanted: HashSet<i32> = report_ids.into_iter().collect();
    let mut out = HashMap::new();
    for grant in grants::load(conn, awards, tz).await? {
        for study in &grant.case_studies {
            if wanted.contains(&study.report_id) {
                out.insert(
                    study.report_id,
                    PublicStudy {
                        report_id: study.report_id,
                        text: study.text.clone(),
                        reference: grant.reference.clone(),
                        project_title: grant.title.clone(),
                        organisation: grant.organisation.name.clone(),
                    },
                );
            }
        }
    }
    Ok(out)
}

/// Report `found` with its parts, in a fixed number of queries.
pub async fn compose<C: ConnectionTrait>(
    conn: &C,
    found: publication::Model,
    tz: Tz,
) -> Result<Composed, AppError> {
    let fund = match found.fund_id {
        Some(id) => fund::Entity::find_by_id(id).one(conn).await?,
        None => None,
    };
    let sections = sections(conn, found.id).await?;

    let project_items = publication_project::Entity::find()
        .filter(publication_project::Column::PublicationId.eq(found.id))
        .order_by_asc(publication_project::Column::Position)
        .order_by_asc(publication_project::Column::Id)
        .all(conn)
        .await?;
    let application_ids: Vec<i32> = project_items.iter().map(|p| p.application_id).collect();
    let applications: HashMap<i32, application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(application_ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut public = public_grants_of_applications(conn, application_ids, tz).await?;
    let projects = project_items
        .into_iter()
        .map(|item| {
            let app = applications.get(&item.application_id);
            ChosenProject {
                item_id: item.id,
                reference: app.and_then(|a| a.reference.clone()).unwrap_or_default(),
                title: app.map(|a| a.title.clone()).unwrap_or_default(),
                grant: public.remove(&item.application_id),
            }
        })
        .collect();

    let study_items = publication_case_study::Entity::find()
        .filter(publication_case_study::Column::PublicationId.eq(found.id))
        .order_by_asc(publication_case_study::Column::Position)
        .order_by_asc(publication_case_study::Column::Id)
        .all(conn)
        .await?;
    let mut studies =
        public_studies(conn, study_items.iter().map(|c| c.report_id).collect(), tz).await?;
    let case_studies = study_items
        .into_iter()
        .map(|item| ChosenCaseStudy {
            item_id: item.id,
            report_id: item.report_id,
            study: studies.remove(&item.report_id),
        })
        .collect();

    Ok(Composed {
        publication: found,
        fund,
        sections,
        projects,
        case_studies,
    })
}

/// The filter behind a report's figures: its fund (or every fund) and awards made in its
/// period.
pub fn filter_of(found: &publication::Model) -> GrantFilter {
    GrantFilter {
        fund_id: found.fund_id,
        awarded_from: Some(found.period_start),
        awarded_to: Some(found.period_end),
        ..GrantFilter::default()
    }
}

/// The dashboard's figures for a report's fund and period, from live data.
pub async fn figures<C: ConnectionTrait>(
    conn: &C,
    found: &publication::Model,
    tz: Tz,
) -> Result<Impact, AppError> {
    impact::impact(conn, &filter_of(found), tz).await
}

/// Published case studies an officer could add to report `id` (those not in it yet),
/// newest first, a page at a time.
pub async fn available_case_studies<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    requested: Option<u64>,
    tz: Tz,
) -> Result<(Vec<PublicStudy>, Paging), AppError> {
    use monitoring_report::Column as R;
    let public_awards = query::select(&GrantFilter::default(), tz)
        .select_only()
        .column(award::Column::Id)
        .into_query();
    let chosen = Query::select()
        .column(publication_case_study::Column::ReportId)
        .from(publication_case_study::Entity)
        .and_where(publication_case_study::Column::PublicationId.eq(id))
        .to_owned();
    let candidates = || {
        monitoring_report::Entity::find()
            .filter(R::Status.eq(ReportStatus::Accepted))
            .filter(R::CaseStudyConsent.eq(true))
            .filter(R::CaseStudyPublishedAt.is_not_null())
            .filter(R::AwardId.in_subquery(public_awards.clone()))
            .filter(R::Id.not_in_subquery(chosen.clone()))
    };
    let total = candidates().count(conn).await?;
    let paging = Paging::new(requested, PAGE_SIZE, total);
    let ids: Vec<i32> = candidates()
        .select_only()
        .column(R::Id)
        .order_by_desc(R::CaseStudyPublishedAt)
        .order_by_desc(R::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .into_tuple()
        .all(conn)
        .await?;
    let mut studies = public_studies(conn, ids.clone(), tz).await?;
    let page = ids.into_iter().filter_map(|r| studies.remove(&r)).collect();
    Ok((page, paging))
}

const PAGE_SIZE: u64 = 20;
