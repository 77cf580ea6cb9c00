//! Officers' side of applications: the list of a round's applications, one
//! application read in full with its history, and the screening decisions
//! (eligible, not eligible, returned for changes).
//!
//! Drafts are the applicant's private work: nothing here shows them, except as a
//! count. An application that was withdrawn before it was ever submitted is treated
//! the same way, since the council never received it.

pub mod decide;
pub mod detail;
pub mod list;

use entity::application;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select};

use crate::domain::application::Status;
use crate::error::AppError;

pub use decide::{Decision, ScreeningError, screen};

/// Applications the council has received: submitted at least once, and not a draft.
fn received() -> Select<application::Entity> {
    application::Entity::find()
        .filter(application::Column::Status.ne(Status::Draft))
        .filter(application::Column::SubmittedAt.is_not_null())
}

/// An application officers may see, or 404 (drafts and unknown ids alike).
/// With `lock`, the row stays locked for the rest of the transaction (PostgreSQL;
/// SQLite's write transactions already run one at a time).
pub async fn received_application<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    lock: bool,
) -> Result<application::Model, AppError> {
    let mut query = received().filter(application::Column::Id.eq(id));
    if lock {
        query = query.lock_exclusive();
    }
    query.one(conn).await?.ok_or(AppError::NotFound)
}
