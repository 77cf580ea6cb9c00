//! One error type for every request path: it becomes an HTML error page,
//! or JSON under `/api`, through the catchers in `routes::errors`.

use rocket::Request;
use rocket::http::Status;
use rocket::response::{self, Responder};
use sea_orm::DbErr;

/// Messages for form fields, keyed by field name: the page shows each beside its field.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One error on one field.
    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Adds a message for a field.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_owned(), message.into()));
    }

    /// True when nothing was wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when empty, otherwise the errors as an [`AppError::Invalid`].
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

impl From<validator::ValidationErrors> for FieldErrors {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut out = FieldErrors::new();
        let mut fields: Vec<_> = errors.field_errors().into_iter().collect();
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        for (field, list) in fields {
            for error in list {
                let message = error
                    .message
                    .as_ref()
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| format!("Check the {}", field.replace('_', " ")));
                out.add(&field, message);
            }
        }
        out
    }
}

/// Everything that can go wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Input that breaks a rule: the handler shows these beside the fields.
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    #[error("database error")]
    Db(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A missing row, or one the user may not know exists.
    pub fn not_found() -> Self {
        Self::NotFound
    }

    /// A signed-in user without the right to this.
    pub fn forbidden() -> Self {
        Self::Forbidden
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> Status {
        match self {
            AppError::NotFound => Status::NotFound,
            AppError::Forbidden => Status::Forbidden,
            AppError::BadRequest(_) => Status::BadRequest,
            AppError::Invalid(_) => Status::UnprocessableEntity,
            AppError::Db(_) | AppError::Internal(_) => Status::InternalServerError,
        }
    }
}

impl<E> From<sea_orm::TransactionError<E>> for AppError
where
    E: std::error::Error + Into<AppError>,
{
    fn from(error: sea_orm::TransactionError<E>) -> Self {
        match error {
            sea_orm::TransactionError::Connection(e) => AppError::Db(e),
            sea_orm::TransactionError::Transaction(e) => e.into(),
        }
    }
}

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let status = self.status();
        if status == Status::InternalServerError {
            let mut chain = self.to_string();
            let mut source = std::error::Error::source(&self);
            while let Some(cause) = source {
                chain.push_str(": ");
                chain.push_str(&cause.to_string());
                source = cause.source();
            }
            tracing::error!(uri = %request.uri(), error = %chain, "request failed");
        }
        // The catcher for this status renders the page (HTML, or JSON under /api).
        Err(status)
    }
}
