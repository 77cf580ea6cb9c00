//! Wards, open rounds and reloading for the screening tests.

use entity::{application, funding_round};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

pub use crate::support::builders::{ApplicationBuilder, OrganisationBuilder};
use crate::support::{TestApp, builders};

/// The application as stored now.
pub async fn reload(app: &TestApp, id: i32) -> application::Model {
    application::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("read the application")
        .expect("the application exists")
}

/// A ward, added directly.
pub async fn ward(app: &TestApp, name: &str, code: &str) -> entity::ward::Model {
    entity::ward::ActiveModel {
        name: Set(name.to_owned()),
        code: Set(code.to_owned()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a ward")
}

/// A published round in a new fund, open now.
pub async fn open_round(app: &TestApp, slug: &str) -> funding_round::Model {
    let fund = builders::fund(app, &format!("{slug}-fund"), 100_000).await;
    builders::published_round(app, &fund, slug, 50_000).await
}
