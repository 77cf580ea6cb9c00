//! One error type for every request path: it becomes an HTML error page,
//! or JSON under `/api`, through the catchers in `routes::errors`.

use rocket::Request;
use rocket::http::Status;
use rocket::response::{self, Responder};
use sea_orm::DbErr;

use crate::domain::fields::FieldErrors;

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

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors)
    }
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

    /// A failure to write a CSV file.
    pub fn csv(error: impl std::fmt::Display) -> Self {
        Self::Internal(format!("writing the CSV: {error}"))
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

/// Splits "show the form again with these messages" from every other failure, so
/// that a handler matches on its form's errors in one line:
///
/// ```ignore
/// match funds::create(db, clock, &actor, input).await.split_invalid()? {
///     Ok(fund) => Ok(Reply::done(..)),
///     Err(errors) => Ok(Reply::invalid(page(form.with_errors(&errors)))),
/// }
/// ```
pub trait SplitInvalid<T> {
    /// `Ok(Ok(value))`, `Ok(Err(field errors))`, or `Err` for anything else.
    fn split_invalid(self) -> Result<Result<T, FieldErrors>, AppError>;
}

impl<T> SplitInvalid<T> for Result<T, AppError> {
    fn split_invalid(self) -> Result<Result<T, FieldErrors>, AppError> {
        match self {
            Ok(value) => Ok(Ok(value)),
            Err(AppError::Invalid(errors)) => Ok(Err(errors)),
            Err(other) => Err(other),
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
