//! What the public filters over funded projects can choose from.

use entity::{fund, funding_round, outcome, ward};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use crate::error::AppError;
use crate::services::rounds;

/// What the filters can choose from.
pub struct Choices {
    pub wards: Vec<ward::Model>,
    pub outcomes: Vec<outcome::Model>,
    pub funds: Vec<fund::Model>,
    pub rounds: Vec<funding_round::Model>,
}

impl Choices {
    /// Every ward, outcome and fund, and the rounds the public can see.
    pub async fn load(db: &DatabaseConnection) -> Result<Self, AppError> {
        Ok(Choices {
            wards: ward::Entity::find()
                .order_by_asc(ward::Column::Name)
                .all(db)
                .await?,
            outcomes: outcome::Entity::find()
                .order_by_asc(outcome::Column::Position)
                .all(db)
                .await?,
            funds: fund::Entity::find()
                .order_by_asc(fund::Column::Name)
                .all(db)
                .await?,
            rounds: rounds::public_rounds(db)
                .await?
                .into_iter()
                .map(|(r, _)| r)
                .collect(),
        })
    }
}
