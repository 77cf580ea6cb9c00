//! Organisations, their owners, wards and rounds for the screening tests.

use std::sync::atomic::{AtomicU32, Ordering};

use entity::{application, funding_round, organisation, user};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use crate::support::TestApp;

static COUNTER: AtomicU32 = AtomicU32::new(1);

/// A number no other test object has, for unique names.
pub fn next_number() -> u32 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// An account that owns test organisations; it is never used to sign in.
pub async fn owner(app: &TestApp) -> user::Model {
    let n = next_number();
    let now = app.clock.now();
    user::ActiveModel {
        email: Set(format!("owner{n}@groups.example")),
        name: Set(format!("Owner {n}")),
        password_hash: Set("not a password hash".into()),
        role: Set(user::Role::Applicant),
        disabled: Set(false),
        session_epoch: Set(0),
        failed_logins: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an owner")
}

/// An organisation, a constituted group in `AS1 2AB` unless told otherwise.
pub struct OrganisationBuilder {
    name: String,
    kind: &'static str,
    charity_number: Option<String>,
    ward_id: Option<i32>,
    website: Option<String>,
    phone: Option<String>,
}

impl OrganisationBuilder {
    /// An organisation with this name.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            kind: "constituted_group",
            charity_number: None,
            ward_id: None,
            website: None,
            phone: None,
        }
    }

    /// A registered charity with this number.
    pub fn charity(mut self, number: &str) -> Self {
        self.kind = "registered_charity";
        self.charity_number = Some(number.to_owned());
        self
    }

    /// Based in this ward.
    pub fn ward(mut self, ward_id: i32) -> Self {
        self.ward_id = Some(ward_id);
        self
    }

    /// With a website and phone number.
    pub fn contact(mut self, website: &str, phone: &str) -> Self {
        self.website = Some(website.to_owned());
        self.phone = Some(phone.to_owned());
        self
    }

    /// Saves it.
    pub async fn create(self, app: &TestApp) -> organisation::Model {
        let now = app.clock.now();
        organisation::ActiveModel {
            name: Set(self.name),
            kind: Set(self.kind.to_owned()),
            charity_number: Set(self.charity_number),
            company_number: Set(None),
            postcode: Set("AS1 2AB".into()),
            ward_id: Set(self.ward_id),
            website: Set(self.website),
            phone: Set(self.phone),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an organisation")
    }
}

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
    let fund = crate::support::builders::fund(app, &format!("{slug}-fund"), 100_000).await;
    crate::support::builders::published_round(app, &fund, slug, 50_000).await
}
