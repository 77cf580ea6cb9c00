//! The applicant's answer to an offer: accept (agreeing to the terms, with the
//! name of the person accepting) or refuse. One transaction each, audited.
//! Accepting an offer already accepted changes nothing and records nothing.

use entity::{application, award, decision};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QuerySelect,
};

use super::DecisionError;
use crate::clock::Clock;
use crate::domain::award::{AwardEvent, AwardStatus, AwardStatusRules, next};
use crate::domain::fields::FieldErrors;
use crate::domain::money::Money;
use crate::error::AppError;
use crate::services::applications;
use crate::services::audit::{Action, Actor};
use crate::services::notify::{self, Notifier};
use crate::services::write::Write;

/// The applicant's answer.
#[derive(Debug, Clone)]
pub enum Answer {
    Accept {
        /// The "I agree to the terms and conditions" box.
        agree: bool,
        /// Who is accepting for the organisation.
        name: String,
    },
    Refuse,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    Accepted,
    Refused,
    /// It was accepted already: nothing changed.
    AlreadyAccepted,
    /// It was refused already: nothing changed.
    AlreadyRefused,
}

/// An application's decision and award, as its applicant sees them.
#[derive(Debug, Clone)]
pub struct ApplicantView {
    pub application: application::Model,
    pub decision: Option<decision::Model>,
    pub award: Option<award::Model>,
}

/// The decision on an application the user may see (404 for anyone else).
pub async fn for_applicant<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    key: &str,
) -> Result<ApplicantView, AppError> {
    let app = applications::for_member(conn, user_id, key).await?;
    let decision = decision::Entity::find()
        .filter(decision::Column::ApplicationId.eq(app.id))
        .one(conn)
        .await?;
    let award = award::Entity::find()
        .filter(award::Column::ApplicationId.eq(app.id))
        .one(conn)
        .await?;
    Ok(ApplicantView {
        application: app,
        decision,
        award,
    })
}

fn check_accept(agree: bool, name: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    if !agree {
        errors.add(
            "agree",
            "Tick the box to confirm that you agree to the terms and conditions",
        );
    }
    let name = name.trim();
    if name.is_empty() {
        errors.add("name", "Enter the name of the person accepting the grant");
    } else if name.chars().count() > 200 {
        errors.add("name", "Name must be 200 characters or fewer");
    }
    if errors.is_empty() {
        Ok(name.to_owned())
    } else {
        Err(errors)
    }
}

/// Answers the offer on the user's application `key`.
pub async fn respond(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    actor: &Actor,
    user_id: i32,
    key: &str,
    answer: &Answer,
) -> Result<Answered, DecisionError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let app = applications::for_member(&txn, user_id, key).await?;
    let found = award::Entity::find()
        .filter(award::Column::ApplicationId.eq(app.id))
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = found.status;
    let (event, wording) = match answer {
        Answer::Accept { .. } => (AwardEvent::Accept, "accepted"),
        Answer::Refuse => (AwardEvent::Refuse, "refused"),
    };
    match (answer, from) {
        (Answer::Accept { .. }, AwardStatus::Accepted) => return Ok(Answered::AlreadyAccepted),
        (Answer::Refuse, AwardStatus::Refused) => return Ok(Answered::AlreadyRefused),
        _ => {}
    }
    let to = next(from, event).ok_or_else(|| {
        DecisionError::Refused(format!(
            "This offer is “{}”, so it cannot be {wording}. Nothing was changed.",
            from.label()
        ))
    })?;
    let accepted_by = match answer {
        Answer::Accept { agree, name } => {
            Some(check_accept(*agree, name).map_err(DecisionError::Invalid)?)
        }
        Answer::Refuse => None,
    };
    let mut change: award::ActiveModel = found.clone().into();
    change.status = Set(to);
    change.responded_at = Set(Some(now));
    change.accepted_by_name = Set(accepted_by.clone());
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    if to == AwardStatus::Accepted {
        crate::services::after_award::on_accepted(&txn, &updated, now).await?;
        notify::events::offer_accepted(&txn, notifier, now, &app, &updated).await?;
    }
    let detail = match &accepted_by {
        Some(name) => format!("{} accepted by {name}", Money(found.amount_pence)),
        None => format!("{} refused", Money(found.amount_pence)),
    };
    let action = match answer {
        Answer::Accept { .. } => Action::AwardAccepted,
        Answer::Refuse => Action::AwardRefused,
    };
    txn.audit(action, app.id, detail).await?;
    txn.commit().await?;
    Ok(match answer {
        Answer::Accept { .. } => Answered::Accepted,
        Answer::Refuse => Answered::Refused,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepting_needs_the_box_ticked_and_a_name() {
        assert_eq!(
            check_accept(true, " Sam Whitfield ").unwrap(),
            "Sam Whitfield"
        );
        let errors = check_accept(false, "  ").unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["agree", "name"]);
    }
}
