//! Residents' pledges to "Your part" commitments. Anyone may pledge without an
//! account; a limit per client address keeps the public counts honest.

use chrono::{DateTime, Duration, Utc};
use entity::{pledge, ward};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter,
};

use crate::clock::Clock;
use crate::db::{LockClass, take_turns};
use crate::domain::deal::{Side, check_first_name};
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::deal::commitment;
use crate::services::write::Write;

/// Pledges one client address may make within [`pledge_window`].
pub const MAX_PLEDGES_PER_ADDRESS: u64 = 10;

/// The window over which an address's pledges are counted.
pub fn pledge_window() -> Duration {
    Duration::hours(1)
}

/// Addresses are personal data, needed only for the limit: after this long a
/// pledge forgets where it came from.
fn keep_addresses_for() -> Duration {
    Duration::days(1)
}

/// A pledge as typed: both fields may be blank.
#[derive(Debug, Clone, Default)]
pub struct PledgeInput {
    pub first_name: String,
    /// The ward's id as the list sent it, or blank.
    pub ward: String,
}

/// What became of a pledge.
#[derive(Debug, Clone)]
pub enum PledgeResult {
    /// Saved.
    Pledged(pledge::Model),
    /// This address has pledged [`MAX_PLEDGES_PER_ADDRESS`] times in the last hour.
    TooMany,
}

const WARD_MESSAGE: &str = "Choose your ward from the list, or leave it blank";

/// Checks the fields without the database: the first name, and that the ward is a number.
fn check_fields(input: &PledgeInput) -> (Option<String>, Option<i32>, FieldErrors) {
    let mut errors = FieldErrors::new();
    let first_name = check_first_name(&input.first_name).unwrap_or_else(|m| {
        errors.add("first_name", m);
        None
    });
    let ward = input.ward.trim();
    let ward_id = if ward.is_empty() {
        None
    } else if let Ok(id) = ward.parse::<i32>() {
        Some(id)
    } else {
        errors.add("ward", WARD_MESSAGE);
        None
    };
    (first_name, ward_id, errors)
}

/// Records a pledge to an unretired "Your part" commitment; anything else is 404.
pub async fn pledge(
    db: &DatabaseConnection,
    clock: &Clock,
    commitment_id: i32,
    input: PledgeInput,
    client: &str,
) -> Result<PledgeResult, AppError> {
    // Pledges are anonymous in public, so the log names neither the person, nor
    // whoever is signed in, nor the address.
    let actor = Actor {
        id: None,
        label: "anonymous visitor".to_owned(),
    };
    let txn = Write::begin(db, clock, &actor).await?;
    let now = txn.now;
    let target = commitment(&txn, commitment_id).await?;
    if target.retired || Side::parse(&target.side) != Some(Side::Residents) {
        return Err(AppError::NotFound);
    }
    // One address's pledges take turns, so the count-then-insert below holds even
    // when requests land at once on several servers.
    take_turns(&txn, LockClass::Pledges, client).await?;
    let recent = pledge::Entity::find()
        .filter(pledge::Column::ClientIp.eq(client))
        .filter(pledge::Column::CreatedAt.gt(now - pledge_window()))
        .count(&txn)
        .await?;
    if recent >= MAX_PLEDGES_PER_ADDRESS {
        return Ok(PledgeResult::TooMany);
    }
    let (first_name, ward_id, mut errors) = check_fields(&input);
    if let Some(id) = ward_id
        && ward::Entity::find_by_id(id).one(&txn).await?.is_none()
    {
        errors.add("ward", WARD_MESSAGE);
    }
    errors.into_result()?;

    forget_old_addresses(&txn, now).await?;
    let created = pledge::ActiveModel {
        commitment_id: Set(commitment_id),
        first_name: Set(first_name),
        ward_id: Set(ward_id),
        client_ip: Set(client.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!("to commitment {commitment_id}");
    txn.audit(Action::PledgeCreated, created.id, detail).await?;
    txn.commit().await?;
    Ok(PledgeResult::Pledged(created))
}

async fn forget_old_addresses<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    pledge::Entity::update_many()
        .col_expr(
            pledge::Column::ClientIp,
            sea_orm::sea_query::Expr::value(""),
        )
        .filter(pledge::Column::CreatedAt.lt(now - keep_addresses_for()))
        .filter(pledge::Column::ClientIp.ne(""))
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_fields_make_an_anonymous_pledge() {
        let (name, ward, errors) = check_fields(&PledgeInput::default());
        assert_eq!((name, ward), (None, None));
        assert!(errors.is_empty());
    }

    #[test]
    fn a_long_name_and_a_ward_not_on_the_list_are_refused() {
        let (_, _, errors) = check_fields(&PledgeInput {
            first_name: "x".repeat(51),
            ward: "Abbey".into(),
        });
        let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["first_name", "ward"]);
    }
}
