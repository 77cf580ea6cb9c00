//! The demo's applications: forty community groups, each run by someone with an
//! account, and sixty applications across three rounds in every state screening
//! knows. Written straight to the tables in one transaction, because they are
//! backdated (submitted months ago, screened since), which the services rightly
//! refuse. Each gets the audit events a real one would have, so its timeline reads true.

mod big_ideas;
mod groups;
mod lookups;
mod plan;
mod projects;
mod words;
mod write;

use base64::Engine;
use entity::reference_sequence;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
};

use self::groups::{GROUPS, seed_groups, seed_people};
use self::lookups::look_up;
use self::plan::{number, plans};
use self::write::{Children, write_application};
use crate::auth::password;
use crate::clock::Clock;
use crate::db::begin_write;
use crate::error::AppError;
use crate::services::audit::{self, Actor};

/// An error for demo data that the earlier parts of the seed should have written.
fn missing(what: &str) -> AppError {
    AppError::Internal(format!("the demo needs {what}, seeded before applications"))
}

/// Inserts rows, if there are any (an empty insert is an error).
async fn insert_all<A, C>(conn: &C, rows: Vec<A>) -> Result<(), AppError>
where
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    if !rows.is_empty() {
        <A::Entity as EntityTrait>::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Adds the demo's groups, their people and their applications.
pub async fn seed(db: &DatabaseConnection, clock: &Clock) -> Result<(), AppError> {
    let now = clock.now();
    let secret: [u8; 24] = rand::random();
    let hash = password::hash(base64::engine::general_purpose::STANDARD.encode(secret)).await?;
    let txn = begin_write(db).await?;
    let look = look_up(&txn).await?;
    let people = seed_people(&txn, &hash, now).await?;
    let groups = seed_groups(&txn, &look, &people, now).await?;
    let mut plans = plans(&look.rounds);
    let last_numbers = number(&mut plans);
    let mut children = Children::default();
    let today = now.date_naive();
    for (n, plan) in plans.iter().enumerate() {
        write_application(&txn, &look, &groups, plan, n, today, &mut children).await?;
    }
    children.write(&txn).await?;
    for (year, last) in &last_numbers {
        reference_sequence::ActiveModel {
            scope: Set(year.to_string()),
            last: Set(*last),
        }
        .insert(&txn)
        .await?;
    }
    let detail = format!(
        "{} demo applications from {} organisations",
        plans.len(),
        GROUPS.len()
    );
    audit::record(
        &txn,
        now,
        &Actor::system(),
        "demo.applications_seeded",
        "application",
        "",
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
