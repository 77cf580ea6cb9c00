//! Monitoring and impact reports that awards owe.

use entity::monitoring_report;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::error::AppError;

/// True when the award's final report has been accepted: one of the conditions
/// for completing an award.
pub async fn final_report_accepted<C: ConnectionTrait>(
    conn: &C,
    award_id: i32,
) -> Result<bool, AppError> {
    let accepted = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.eq(award_id))
        .filter(monitoring_report::Column::IsFinal.eq(true))
        .filter(monitoring_report::Column::Status.eq("accepted"))
        .count(conn)
        .await?;
    Ok(accepted > 0)
}
