//! The demo's published report: the fund's story so far, composed through the same
//! services officers use, with every funded project and published case study in it.

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use entity::user;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::clock::Clock;
use crate::error::AppError;
use crate::services::audit::Actor;
use crate::services::publishing::grants::PublicGrant;
use crate::services::publishing::publications::{self, DetailsInput, items};
use crate::services::publishing::query::{GrantFilter, batch_after};

const INTRODUCTION: &str = "The Deal for Communities Investment Fund puts money where residents \
said it would make the most difference: in groups that bring people together, keep them active \
and help them into work.\n\nThis report sets out what the fund has paid for so far, where, and \
what the projects tell us they have achieved. Every figure comes from the council's live records.";

const SECTIONS: &[(&str, &str)] = &[
    (
        "How the money was given",
        "Groups applied online to open rounds. A panel of three residents and partners scored \
         every eligible bid against the Deal's outcomes, and the council's grants team made \
         the awards within each round's budget. Larger grants are paid in stages as the \
         projects report back.",
    ),
    (
        "What comes next",
        "Small grants 2026 is open now, and Community spaces 2027 opens next year. \
         If your group has an idea, check whether you can apply on the funding rounds page.",
    ),
];

/// Composes and publishes the demo's report, once the funded projects exist.
pub async fn seed(db: &DatabaseConnection, clock: &Clock, tz: Tz) -> Result<(), AppError> {
    let officer = user::Entity::find()
        .filter(user::Column::Email.eq("officer@example.org"))
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal("the demo needs its officer".into()))?;
    let actor = Actor::known(officer.id, &officer.email);
    let today = clock.now().with_timezone(&tz).date_naive();
    let start = NaiveDate::from_ymd_opt(today.year() - 2, 1, 1).unwrap_or(today);
    let report = publications::create(
        db,
        clock,
        &actor,
        DetailsInput {
            title: format!("Investment Fund report to {}", today.format("%B %Y")),
            slug: format!("investment-fund-report-{}", today.year()),
            introduction: INTRODUCTION.to_owned(),
            period_start: start.format("%Y-%m-%d").to_string(),
            period_end: today.format("%Y-%m-%d").to_string(),
            fund: String::new(),
        },
    )
    .await?;
    let id = report.id;
    let version = || async { Ok::<i32, AppError>(publications::by_id(db, id).await?.version) };
    for (heading, body) in SECTIONS {
        let input = items::SectionInput {
            heading: (*heading).to_owned(),
            body: (*body).to_owned(),
        };
        items::add_section(db, clock, &actor, id, version().await?, input).await?;
    }
    let grants: Vec<PublicGrant> = batch_after(db, &GrantFilter::default(), 0, 50, tz)
        .await?
        .grants;
    for grant in &grants {
        items::add_project(
            db,
            clock,
            &actor,
            id,
            version().await?,
            &grant.reference,
            tz,
        )
        .await?;
        for study in &grant.case_studies {
            items::add_case_study(db, clock, &actor, id, version().await?, study.report_id, tz)
                .await?;
        }
    }
    publications::set_published(db, clock, &actor, id, version().await?, true).await?;
    Ok(())
}
