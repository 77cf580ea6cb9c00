//! Every form the app reads comes in through here, so that no field is missed: the
//! body is read up to the `form` limit (a bigger body is 413, which the catcher turns
//! into a page with a way back), and every value is cleaned once
//! ([`clean_input`](crate::domain::text::clean_input): control characters dropped, line
//! ends made `\n`) and held to the [`FIELD_CEILING`]. Each field's own, smaller limit
//! is checked where the value is used, with a message beside the field.
//!
//! Handlers take [`Form<T>`] (a drop-in for Rocket's) or, for forms whose fields are
//! named by the data (one per question, row or indicator), [`Fields`].
//! `tests/app/layers.rs` checks that no route reads Rocket's own `Form`.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};

use rocket::Request;
use rocket::data::{ByteUnit, Data, FromData, Outcome, ToByteUnit};
use rocket::form::{self, FromForm, ValueField};
use rocket::http::Status;
use rocket::http::ext::IntoOwned;

use crate::domain::text::{FIELD_CEILING, clean_input, keep_chars};

/// The body size read when the configuration sets no `form` limit.
pub const DEFAULT_FORM_LIMIT: u64 = 2 * 1024 * 1024;

/// The size of form body the app reads, from the `form` limit.
pub fn form_limit(req: &Request<'_>) -> ByteUnit {
    req.limits()
        .get("form")
        .unwrap_or_else(|| DEFAULT_FORM_LIMIT.bytes())
}

/// Why a body could not be read as a form.
#[derive(Debug)]
pub enum FormError {
    /// Larger than the `form` limit.
    TooLarge,
    /// Not readable at all.
    Unreadable(String),
    /// Read, but a field is missing or not of its type.
    Invalid(form::Errors<'static>),
}

/// A value as the app keeps it: cleaned, and never longer than the ceiling. One
/// character more than the ceiling is kept, so that a field whose own limit is the
/// ceiling still sees that it was too long.
fn keep(value: &str) -> String {
    let cleaned = clean_input(value);
    keep_chars(&cleaned, FIELD_CEILING + 1).to_owned()
}

/// Reads a urlencoded body into cleaned name and value pairs.
async fn read_pairs(
    req: &Request<'_>,
    data: Data<'_>,
) -> Result<Vec<(String, String)>, (Status, FormError)> {
    let limit = form_limit(req);
    let body = data
        .open(limit)
        .into_bytes()
        .await
        .map_err(|e| (Status::BadRequest, FormError::Unreadable(e.to_string())))?;
    if !body.is_complete() {
        return Err((Status::PayloadTooLarge, FormError::TooLarge));
    }
    Ok(url::form_urlencoded::parse(&body)
        .map(|(name, value)| (keep(&name), keep(&value)))
        .collect())
}

/// True when the request says it carries a urlencoded form (or says nothing, as some
/// clients do): other bodies are not forms and go on to other routes, as with Rocket's.
fn is_urlencoded(req: &Request<'_>) -> bool {
    req.content_type().is_none_or(|ct| ct.is_form())
}

/// A form of type `T`, read from cleaned values: use it as Rocket's `Form<T>`.
#[derive(Debug)]
pub struct Form<T>(pub T);

impl<T> Form<T> {
    /// The form's value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Form<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Form<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

#[rocket::async_trait]
impl<'r, T> FromData<'r> for Form<T>
where
    T: for<'a> FromForm<'a> + Send + 'static,
{
    type Error = FormError;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> Outcome<'r, Self> {
        if !is_urlencoded(req) {
            return Outcome::Forward((data, Status::UnsupportedMediaType));
        }
        let pairs = match read_pairs(req, data).await {
            Ok(pairs) => pairs,
            Err(error) => return Outcome::Error(error),
        };
        let fields = pairs
            .iter()
            .map(|(name, value)| ValueField::from((name.as_str(), value.as_str())));
        match form::Form::<T>::parse_iter(fields) {
            Ok(value) => Outcome::Success(Form(value)),
            Err(errors) => {
                let status = errors.status();
                Outcome::Error((status, FormError::Invalid(errors.into_owned())))
            }
        }
    }
}

/// A form's fields as sent (cleaned), for forms whose field names come from the data.
#[derive(Debug, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The first value of a field, or blank.
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// True when the form has a field of this name, even a blank one.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// Every value of a field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Fields named `{prefix}{id}`, by id.
    pub fn by_id(&self, prefix: &str) -> HashMap<i32, String> {
        self.0
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix(prefix)
                    .and_then(|id| id.parse().ok())
                    .map(|id| (id, v.clone()))
            })
            .collect()
    }
}

#[rocket::async_trait]
impl<'r> FromData<'r> for Fields {
    type Error = FormError;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> Outcome<'r, Self> {
        if !is_urlencoded(req) {
            return Outcome::Forward((data, Status::UnsupportedMediaType));
        }
        match read_pairs(req, data).await {
            Ok(pairs) => Outcome::Success(Fields(pairs)),
            Err(error) => Outcome::Error(error),
        }
    }
}
