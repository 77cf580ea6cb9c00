//! The demo's outbox: the messages its story would have sent, so that admins can
//! read them at `/admin/outbox` (the demo never delivers email).

use entity::{application, decision, organisation_member, user};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    TransactionTrait,
};

use crate::clock::Clock;
use crate::domain::award::Outcome;
use crate::error::AppError;
use crate::services::notify::{Notifier, events, reminders};

/// Writes the demo applicant's submission and decision emails, and any reminders due.
pub async fn seed_outbox(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
) -> Result<(), AppError> {
    let now = clock.now();
    let applicant_orgs = organisation_member::Entity::find()
        .select_only()
        .column(organisation_member::Column::OrganisationId)
        .filter(
            organisation_member::Column::UserId.in_subquery(
                user::Entity::find()
                    .select_only()
                    .column(user::Column::Id)
                    .filter(user::Column::Email.eq(super::DEMO_APPLICANT))
                    .into_query(),
            ),
        )
        .into_query();
    let submitted = application::Entity::find()
        .filter(application::Column::OrganisationId.in_subquery(applicant_orgs))
        .filter(application::Column::Reference.is_not_null())
        .order_by_asc(application::Column::Id)
        .all(db)
        .await?;
    let txn = db.begin().await?;
    for app in &submitted {
        events::application_submitted(&txn, notifier, now, app, false).await?;
        events::application_screened(&txn, notifier, now, app).await?;
        let decided = decision::Entity::find()
            .filter(decision::Column::ApplicationId.eq(app.id))
            .one(&txn)
            .await?;
        if let Some(decided) = decided {
            if let Some(outcome) = Outcome::parse(&decided.outcome) {
                events::decision(
                    &txn,
                    notifier,
                    now,
                    app,
                    outcome,
                    decided.amount_pence,
                    &decided.feedback,
                )
                .await?;
            }
        }
    }
    txn.commit().await?;
    reminders::run_reminders(db, clock, notifier).await?;
    Ok(())
}
