//! Publishing a monitoring report's case study. It reaches the public only when the group
//! consented and an officer published it, and only from an accepted report with text.

use entity::monitoring_report;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::STALE_MESSAGE;
use crate::clock::Clock;
use crate::domain::fields::FieldErrors;
use crate::domain::report::ReportStatus;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// The field refusals are reported on.
pub const FIELD: &str = "case_study";

/// Why this report's case study may not be published, or `None` when it may.
pub fn cannot_publish(report: &monitoring_report::Model) -> Option<&'static str> {
    if report.status != ReportStatus::Accepted {
        Some("Only the case study of an accepted report can be published: accept the report first.")
    } else if report.case_study.trim().is_empty() {
        Some("This report has no case study to publish.")
    } else if !report.case_study_consent {
        Some(
            "The group did not confirm that the people in this case study agreed to publication, so it cannot be published.",
        )
    } else {
        None
    }
}

fn refused(message: impl Into<String>) -> AppError {
    AppError::Invalid(FieldErrors::single(FIELD, message))
}

/// Publishes (`publish`) or unpublishes the case study of report `id`, if the report is
/// still at `seen_version`. Refusals are field errors on [`FIELD`].
pub async fn set_published(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    seen_version: i32,
    publish: bool,
) -> Result<(), AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let found = monitoring_report::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.version != seen_version {
        return Err(refused(STALE_MESSAGE));
    }
    match (publish, found.case_study_published_at.is_some()) {
        (true, true) => return Err(refused("This case study is already published.")),
        (false, false) => return Err(refused("This case study is not published.")),
        _ => {}
    }
    if publish && let Some(reason) = cannot_publish(&found) {
        return Err(refused(reason));
    }
    use monitoring_report::Column as C;
    let result = monitoring_report::Entity::update_many()
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .col_expr(C::CaseStudyPublishedAt, Expr::value(publish.then_some(now)))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(id))
        .filter(C::Version.eq(seen_version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(refused(STALE_MESSAGE));
    }
    let (action, detail) = if publish {
        (Action::ReportCaseStudyPublished, "case study published")
    } else {
        (Action::ReportCaseStudyUnpublished, "case study unpublished")
    };
    txn.audit(action, id, detail).await?;
    txn.commit().await?;
    Ok(())
}
