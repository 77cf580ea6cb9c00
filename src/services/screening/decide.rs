//! Screening decisions: eligible, not eligible (with a reason), or returned for
//! changes (with a message and a date to resubmit by). Each is one transaction
//! that re-reads the application, refuses it if it changed since the officer
//! opened it, checks the move against the status machine, and writes the audit
//! event beside the change.

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use entity::application;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use super::received_application;
use crate::clock::Clock;
use crate::domain::application::{Event, Status, StatusRules, next};
use crate::domain::dates;
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::notify::{self, Notifier};
use crate::services::settings;
use crate::services::write::Write;

/// The longest reason or message an officer may write.
const MAX_MESSAGE_CHARS: usize = 5_000;

/// What the officer decided, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Eligible,
    Ineligible {
        /// Why not: the applicant will read it.
        reason: String,
    },
    Return {
        /// What to change: the applicant will read it.
        message: String,
        /// `YYYY-MM-DD`, in the council's time zone.
        resubmit_by: String,
    },
}

impl Decision {
    fn event(&self) -> Event {
        match self {
            Decision::Eligible => Event::MarkEligible,
            Decision::Ineligible { .. } => Event::MarkIneligible,
            Decision::Return { .. } => Event::ReturnForChanges,
        }
    }

    fn action(&self) -> Action {
        match self {
            Decision::Eligible => Action::ApplicationScreenedEligible,
            Decision::Ineligible { .. } => Action::ApplicationScreenedIneligible,
            Decision::Return { .. } => Action::ApplicationReturned,
        }
    }

    /// Says what was asked for, to finish "it cannot be …".
    fn wording(&self) -> &'static str {
        match self {
            Decision::Eligible => "marked eligible",
            Decision::Ineligible { .. } => "marked not eligible",
            Decision::Return { .. } => "returned for changes",
        }
    }
}

/// Why a decision was not made. Nothing has changed in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum ScreeningError {
    /// A field is missing or wrong: the page shows these beside the fields.
    #[error("invalid screening input: {0:?}")]
    Invalid(FieldErrors),
    /// The application moved on, or the move is not allowed from where it is.
    #[error("screening refused: {0}")]
    Refused(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<DbErr> for ScreeningError {
    fn from(error: DbErr) -> Self {
        ScreeningError::App(AppError::Db(error))
    }
}

/// A decision once its fields are checked: the officer's message and the date.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Checked {
    message: Option<String>,
    resubmit_by: Option<NaiveDate>,
}

fn required_message(errors: &mut FieldErrors, field: &str, text: &str, missing: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        errors.add(field, missing);
    } else if text.chars().count() > MAX_MESSAGE_CHARS {
        errors.add(field, "Write 5,000 characters or fewer");
    }
    text.to_owned()
}

/// Checks the typed fields of a decision; `today` is the date in the council's zone,
/// and a date to resubmit by may be at most `weeks` weeks ahead.
fn check(decision: &Decision, today: NaiveDate, weeks: u32) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let checked = match decision {
        Decision::Eligible => Checked {
            message: None,
            resubmit_by: None,
        },
        Decision::Ineligible { reason } => Checked {
            message: Some(required_message(
                &mut errors,
                "reason",
                reason,
                "Enter the reason the application is not eligible",
            )),
            resubmit_by: None,
        },
        Decision::Return {
            message,
            resubmit_by,
        } => {
            let message = required_message(
                &mut errors,
                "message",
                message,
                "Enter what the applicant needs to change",
            );
            let example = (today + Duration::days(28)).format("%Y-%m-%d");
            let date = resubmit_by.trim();
            let date = if date.is_empty() {
                errors.add(
                    "resubmit_by",
                    "Enter the date by which the applicant must resubmit",
                );
                None
            } else {
                let window = dates::resubmit_by(today, weeks);
                match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                    Ok(d) if window.contains(d) => Some(d),
                    Ok(d) if d <= today => {
                        errors.add("resubmit_by", "The resubmission date must be in the future");
                        None
                    }
                    Ok(d) => {
                        let why = format!("at most {weeks} weeks from today");
                        let message = window
                            .check(d, "The resubmission date", &why)
                            .err()
                            .unwrap_or_default();
                        errors.add("resubmit_by", message);
                        None
                    }
                    Err(_) => {
                        errors.add(
                            "resubmit_by",
                            format!("Enter a real date as year-month-day, like {example}"),
                        );
                        None
                    }
                }
            };
            Checked {
                message: Some(message),
                resubmit_by: date,
            }
        }
    };
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

/// The audit log's line for a screening move: from → to, the date to resubmit by,
/// and the officer's words labelled (`reason` or `message`). The demo writes the same.
pub fn audit_detail(
    from: Status,
    to: Status,
    resubmit_by: Option<NaiveDate>,
    words: Option<(&str, &str)>,
) -> String {
    let mut detail = format!("{} → {}", from.label(), to.label());
    if let Some(date) = resubmit_by {
        detail.push_str(&format!("; resubmit by {}", date.format("%-d %B %Y")));
    }
    if let Some((label, text)) = words {
        detail.push_str(&format!("; {label}: {text}"));
    }
    detail
}

fn changed_since(now: Status) -> ScreeningError {
    ScreeningError::Refused(format!(
        "This application has changed since you opened it: it is now “{}”. Nothing was changed: \
         read it again below before you decide.",
        now.label()
    ))
}

/// Makes a screening decision on an application, as it was at `seen_version`.
#[allow(clippy::too_many_arguments)]
pub async fn screen(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    actor: &Actor,
    tz: Tz,
    application_id: i32,
    seen_version: i32,
    decision: &Decision,
) -> Result<application::Model, ScreeningError> {
    let now = clock.now();
    let weeks = settings::resubmit_weeks(db).await?;
    let checked = check(decision, now.with_timezone(&tz).date_naive(), weeks)
        .map_err(ScreeningError::Invalid)?;
    let txn = Write::begin_at(db, now, actor).await?;
    let current = received_application(&txn, application_id, true).await?;
    let from = current.status;
    if current.version != seen_version {
        return Err(changed_since(from));
    }
    let to = next(from, decision.event()).ok_or_else(|| {
        ScreeningError::Refused(format!(
            "This application is “{}”, so it cannot be {}. Nothing was changed.",
            from.label(),
            decision.wording()
        ))
    })?;
    // The version in the WHERE clause is the guard that holds even if the row lock
    // above were ever lost: a concurrent change leaves nothing to update.
    let updated = application::Entity::update_many()
        .col_expr(application::Column::Status, Expr::value(to.as_str()))
        .col_expr(
            application::Column::OfficerMessage,
            Expr::value(checked.message.clone()),
        )
        .col_expr(
            application::Column::ResubmitBy,
            Expr::value(checked.resubmit_by),
        )
        .col_expr(
            application::Column::Version,
            Expr::col(application::Column::Version).add(1),
        )
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::Id.eq(application_id))
        .filter(application::Column::Version.eq(seen_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(changed_since(from));
    }
    let words = match (decision, checked.message.as_deref()) {
        (Decision::Ineligible { .. }, Some(reason)) => Some(("reason", reason)),
        (Decision::Return { .. }, Some(message)) => Some(("message", message)),
        _ => None,
    };
    let detail = audit_detail(from, to, checked.resubmit_by, words);
    txn.audit(decision.action(), application_id, detail).await?;
    let saved = application::Entity::find_by_id(application_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    notify::events::application_screened(&txn, notifier, now, &saved).await?;
    txn.commit().await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
    }

    fn returning(message: &str, date: &str) -> Decision {
        Decision::Return {
            message: message.into(),
            resubmit_by: date.into(),
        }
    }

    fn fields(errors: FieldErrors) -> Vec<String> {
        errors.0.into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn a_return_needs_a_message_and_a_real_future_date() {
        let ok = check(&returning(" Add a budget ", "2026-12-01"), today(), 12).unwrap();
        assert_eq!(ok.message.as_deref(), Some("Add a budget"));
        assert_eq!(ok.resubmit_by, NaiveDate::from_ymd_opt(2026, 12, 1));

        let missing = check(&returning("", ""), today(), 12).unwrap_err();
        assert_eq!(fields(missing), ["message", "resubmit_by"]);
        for date in [
            "2026-11-22",
            "2026-11-21",
            "2026-02-30",
            "1/12/2026",
            "soon",
            "9999-12-31",
            "2027-02-15",
        ] {
            let refused = check(&returning("Fix it", date), today(), 12).unwrap_err();
            assert_eq!(fields(refused), ["resubmit_by"], "{date}");
        }
    }

    #[test]
    fn not_eligible_needs_a_reason_and_eligible_needs_nothing() {
        let refused = check(
            &Decision::Ineligible {
                reason: "   ".into(),
            },
            today(),
            12,
        )
        .unwrap_err();
        assert_eq!(fields(refused), ["reason"]);
        let too_long = Decision::Ineligible {
            reason: "x".repeat(MAX_MESSAGE_CHARS + 1),
        };
        assert!(check(&too_long, today(), 12).is_err());
        assert_eq!(
            check(&Decision::Eligible, today(), 12),
            Ok(Checked {
                message: None,
                resubmit_by: None
            })
        );
    }
}
