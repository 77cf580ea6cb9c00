//! The demo's decisions for "Small grants 2025" (decided): awards within the round's
//! budget (some accepted, some still offered, one in part), a reserve list, and
//! declines with feedback. Written directly in one transaction, backdated to after
//! the round closed, with the audit events a real decision would have and a summary.
//! "Big ideas 2026" is left undecided: it is still in assessment.

use chrono::Duration;
use entity::{application, audit_event, award, decision, funding_round, user};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use crate::clock::Clock;
use crate::db::begin_write;
use crate::domain::application::{Status, StatusRules};
use crate::domain::award::{AwardStatus, Outcome};
use crate::domain::money::Money;
use crate::error::AppError;
use crate::services::audit::{self, Actor};

/// Feedback for the declined demo applications, in turn.
const DECLINE_FEEDBACK: &[&str] = &[
    "The panel liked the idea but could not see clear evidence that people nearby need it. \
     A short survey or letters of support from residents would strengthen a future bid.",
    "The budget did not match the activities described: several costs had no explanation. \
     Please talk to the grants team before applying again.",
    "The round was heavily oversubscribed and this bid scored below the line. \
     The panel encourages you to apply to the next small grants round.",
];

/// Names of the people who accepted the demo's accepted awards.
const ACCEPTED_BY: &[&str] = &[
    "Margaret Ellison",
    "Tom Hadley",
    "Aisha Rahman",
    "Gareth Lowe",
    "Jo Pearson",
];

/// Decides the eligible applications of "Small grants 2025".
pub async fn seed(db: &DatabaseConnection, _clock: &Clock) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let round = funding_round::Entity::find()
        .filter(funding_round::Column::Slug.eq("small-grants-2025"))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::Internal("the demo needs the Small grants 2025 round".into()))?;
    let officer = user::Entity::find()
        .filter(user::Column::Email.eq("officer@example.org"))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::Internal("the demo needs its officer".into()))?;
    let eligible = application::Entity::find()
        .filter(application::Column::RoundId.eq(round.id))
        .filter(application::Column::Status.eq(Status::Eligible))
        .order_by_asc(application::Column::SubmittedAt)
        .order_by_asc(application::Column::Id)
        .all(&txn)
        .await?;
    let decided_at = round.closes_at + Duration::days(28);
    let actor = Actor::known(officer.id, &officer.email);
    let (mut decisions, mut awards, mut events) = (Vec::new(), Vec::new(), Vec::new());
    let mut moves: Vec<(i32, Status)> = Vec::new();
    let mut committed = 0_i64;
    let count = eligible.len();
    for (n, app) in eligible.iter().enumerate() {
        // The last three are declined, the two before them reserved, the rest awarded
        // while the budget lasts (it always does: small grants against £100,000).
        let outcome = if n + 3 >= count {
            Outcome::Decline
        } else if n + 5 >= count || committed + app.requested_pence > round.budget_pence {
            Outcome::Reserve
        } else {
            Outcome::Award
        };
        // One award in part, to show how it reads: 80% of the request, to the pound.
        let in_part = outcome == Outcome::Award && n == 2;
        let amount = match (outcome, in_part) {
            (Outcome::Award, true) => app.requested_pence * 8 / 10 / 100 * 100,
            (Outcome::Award, false) => app.requested_pence,
            _ => 0,
        };
        let feedback = match outcome {
            Outcome::Decline => DECLINE_FEEDBACK[(count - 1 - n) % DECLINE_FEEDBACK.len()],
            Outcome::Reserve => {
                "A strong bid that scored just below the line: it will be funded if money comes free."
            }
            Outcome::Award => "",
        };
        let reason = if in_part {
            "The panel funded the activities but not the equipment, which the group can borrow from the council's community store."
        } else {
            ""
        };
        let conditions = if outcome == Outcome::Award && n % 2 == 0 {
            "Send a copy of your safeguarding policy before the first payment."
        } else {
            ""
        };
        decisions.push(decision::ActiveModel {
            application_id: Set(app.id),
            round_id: Set(round.id),
            outcome: Set(outcome.as_str().to_owned()),
            amount_pence: Set(amount),
            reason: Set(reason.to_owned()),
            conditions: Set(conditions.to_owned()),
            feedback: Set(feedback.to_owned()),
            decided_by: Set(officer.id),
            decided_at: Set(decided_at),
            ..Default::default()
        });
        let to = match outcome {
            Outcome::Award => Status::Awarded,
            Outcome::Reserve => Status::Reserve,
            Outcome::Decline => Status::Declined,
        };
        moves.push((app.id, to));
        let mut detail = format!("{} → {}", Status::Eligible.label(), to.label());
        if outcome == Outcome::Award {
            committed += amount;
            detail.push_str(&format!("; {}", Money(amount)));
            let accepted = ACCEPTED_BY.get(n).copied();
            let responded_at = accepted.map(|_| decided_at + Duration::days(6 + n as i64));
            awards.push(award::ActiveModel {
                application_id: Set(app.id),
                round_id: Set(round.id),
                amount_pence: Set(amount),
                conditions: Set(conditions.to_owned()),
                status: Set(match accepted {
                    Some(_) => AwardStatus::Accepted,
                    None => AwardStatus::Offered,
                }),
                offered_at: Set(decided_at),
                responded_at: Set(responded_at),
                accepted_by_name: Set(accepted.map(str::to_owned)),
                created_at: Set(decided_at),
                updated_at: Set(responded_at.unwrap_or(decided_at)),
                ..Default::default()
            });
            if let (Some(name), Some(at)) = (accepted, responded_at) {
                events.push(event(at, &Actor::system(), "award.accepted", app.id, {
                    format!("{} accepted by {name}", Money(amount))
                }));
            }
        }
        if !feedback.is_empty() {
            detail.push_str(&format!("; feedback: {feedback}"));
        }
        events.push(event(decided_at, &actor, outcome.action(), app.id, detail));
    }
    for to in [Status::Awarded, Status::Reserve, Status::Declined] {
        let ids: Vec<i32> = moves
            .iter()
            .filter(|(_, s)| *s == to)
            .map(|(id, _)| *id)
            .collect();
        if ids.is_empty() {
            continue;
        }
        application::Entity::update_many()
            .col_expr(application::Column::Status, Expr::value(to.as_str()))
            .col_expr(
                application::Column::Version,
                Expr::col(application::Column::Version).add(1),
            )
            .col_expr(application::Column::UpdatedAt, Expr::value(decided_at))
            .filter(application::Column::Id.is_in(ids))
            .exec(&txn)
            .await?;
    }
    let decided = decisions.len();
    let awarded = awards.len();
    insert(&txn, decisions).await?;
    insert(&txn, awards).await?;
    insert(&txn, events).await?;
    let summary = format!(
        "{decided} demo decisions in {}: {awarded} awards committing {} of {}",
        round.name,
        Money(committed),
        Money(round.budget_pence)
    );
    audit::record(
        &txn,
        decided_at,
        &Actor::system(),
        "demo.decisions_seeded",
        "round",
        round.id,
        summary,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn event(
    at: chrono::DateTime<chrono::Utc>,
    actor: &Actor,
    action: &str,
    application_id: i32,
    detail: String,
) -> audit_event::ActiveModel {
    audit_event::ActiveModel {
        at: Set(at),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        action: Set(action.to_owned()),
        entity: Set("application".to_owned()),
        entity_id: Set(application_id.to_string()),
        detail: Set(detail),
        ..Default::default()
    }
}

/// Inserts rows, if there are any (an empty insert is an error).
async fn insert<A, C>(conn: &C, rows: Vec<A>) -> Result<(), AppError>
where
    A: sea_orm::ActiveModelTrait + Send,
    C: sea_orm::ConnectionTrait,
{
    if !rows.is_empty() {
        <A::Entity as EntityTrait>::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}
